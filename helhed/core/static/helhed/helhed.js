// SPDX-License-Identifier: MPL-2.0
// Starts Det Fælles Designsystem's components. No inline scripts anywhere (CSP).
if (window.DKFDS && typeof window.DKFDS.init === "function") {
  window.DKFDS.init();
}

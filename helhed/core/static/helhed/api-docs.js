// SPDX-License-Identifier: MPL-2.0
// Starts Redoc on the API's docs page (no inline script, so a strict CSP can apply).
const element = document.getElementById("redoc-ui");
const settings = JSON.parse(document.getElementById("redoc-settings").textContent);
Redoc.init(element.dataset.openapiUrl, settings, element);

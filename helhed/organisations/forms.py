# SPDX-License-Identifier: MPL-2.0
from django.contrib.auth.forms import AuthenticationForm

from helhed.core.forms import DesignSystemFormMixin


class LoginForm(DesignSystemFormMixin, AuthenticationForm):
    """Django's login form in the design system; its messages are translated by Django."""

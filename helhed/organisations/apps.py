# SPDX-License-Identifier: MPL-2.0
from django.apps import AppConfig


class OrganisationsConfig(AppConfig):
    name = "helhed.organisations"
    label = "organisations"

# SPDX-License-Identifier: MPL-2.0
"""The base every Helhed model stands on."""

import uuid

from django.db import models


class BaseModel(models.Model):
    """UUID key (no guessable ids in URLs) and creation/update times."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

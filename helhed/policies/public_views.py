# SPDX-License-Identifier: MPL-2.0
"""The public face of a policy: the adopted version as a page and as a PDF."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from helhed.policies.models import PolicyVersion
from helhed.policies.publication import pdf_response
from helhed.policies.selectors import (
    adopted_version_for_municipality,
    municipalities_with_adopted_policy,
    version_content,
)


def home(request: HttpRequest) -> HttpResponse:
    return render(
        request, "policies/home.html", {"municipalities": municipalities_with_adopted_policy()}
    )


def _adopted(slug: str) -> PolicyVersion:
    version = adopted_version_for_municipality(slug=slug)
    if version is None:
        raise Http404
    return version


def public_policy(request: HttpRequest, slug: str) -> HttpResponse:
    version = _adopted(slug)
    return render(
        request,
        "policies/public_policy.html",
        {"version": version, "content": version_content(version=version)},
    )


def public_policy_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    return pdf_response(version=_adopted(slug), public=True)

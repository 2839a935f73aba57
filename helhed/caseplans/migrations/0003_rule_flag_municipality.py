# SPDX-License-Identifier: MPL-2.0
"""Carry the person's municipality on each rule flag, with an index over a municipality's
open flags by deadline (the worklist reads it in order and stops after one page)."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_municipality(apps, schema_editor):
    RuleFlag = apps.get_model("caseplans", "RuleFlag")
    Person = apps.get_model("citizens", "Person")
    RuleFlag.objects.update(
        municipality_id=Subquery(
            Person.objects.filter(pk=OuterRef("person_id")).values("municipality_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("caseplans", "0002_external_ids"),
        ("citizens", "0004_external_ids"),
        ("organisations", "0002_help_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="ruleflag",
            name="municipality",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.municipality",
            ),
        ),
        migrations.RunPython(fill_municipality, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="ruleflag",
            name="municipality",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="organisations.municipality",
            ),
        ),
        migrations.AddIndex(
            model_name="ruleflag",
            index=models.Index(
                condition=models.Q(("resolved_at__isnull", True)),
                fields=["municipality", "due_on"],
                name="rule_flag_open_by_deadline",
            ),
        ),
    ]

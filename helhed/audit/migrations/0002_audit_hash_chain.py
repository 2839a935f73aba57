# SPDX-License-Identifier: MPL-2.0
"""The hash chain of audit events (docs/adr/0016-audit-hash-chain.md).

Existing events are chained here, per municipality in the order they were recorded
(time, then id), with the same functions the writer and the verifier use.
"""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.db import migrations, models


def chain_existing_events(apps, schema_editor):
    from helhed.audit.chain import GENESIS, canonical, link_hash

    AuditEvent = apps.get_model("audit", "AuditEvent")
    AuditChainHead = apps.get_model("audit", "AuditChainHead")
    municipalities = (
        AuditEvent.objects.order_by().values_list("municipality_id", flat=True).distinct()
    )
    for municipality_id in list(municipalities):
        sequence, previous, last_time = 0, GENESIS, None
        events = AuditEvent.objects.filter(municipality_id=municipality_id).order_by(
            "occurred_at", "id"
        )
        for event in events.iterator(chunk_size=2000):
            sequence += 1
            event.sequence = sequence
            event.previous_hash = previous
            event.hash = link_hash(
                previous,
                canonical(
                    id=event.id,
                    municipality_id=event.municipality_id,
                    sequence=sequence,
                    occurred_at=event.occurred_at,
                    user_id=event.user_id,
                    roles=event.roles,
                    action=event.action,
                    person_id=event.person_id,
                    search_criterion=event.search_criterion,
                    purpose=event.purpose,
                ),
            )
            event.save(update_fields=["sequence", "previous_hash", "hash"])
            previous, last_time = event.hash, event.occurred_at
        AuditChainHead.objects.create(
            municipality_id=municipality_id,
            sequence=sequence,
            hash=previous,
            updated_at=last_time or django.utils.timezone.now(),
        )


class Migration(migrations.Migration):

    dependencies = [
        ('audit', '0001_initial'),
        ('organisations', '0002_help_text'),
    ]

    operations = [
        migrations.AlterField(
            model_name='auditevent',
            name='occurred_at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='sequence',
            field=models.PositiveBigIntegerField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name='auditevent',
            name='previous_hash',
            field=models.CharField(default='', editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name='auditevent',
            name='hash',
            field=models.CharField(default='', editable=False, max_length=64),
            preserve_default=False,
        ),
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('municipality', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, primary_key=True, related_name='+', serialize=False, to='organisations.municipality')),
                ('sequence', models.PositiveBigIntegerField(default=0)),
                ('hash', models.CharField(max_length=64)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
            ],
            options={
                'verbose_name': 'audit chain head',
                'verbose_name_plural': 'audit chain heads',
                'ordering': ['municipality'],
            },
        ),
        migrations.CreateModel(
            name='AuditCheckpoint',
            fields=[
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('sequence', models.PositiveBigIntegerField()),
                ('hash', models.CharField(max_length=64)),
                ('deleted', models.PositiveBigIntegerField(help_text='How many events the deletion removed.')),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('municipality', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='organisations.municipality')),
            ],
            options={
                'verbose_name': 'audit checkpoint',
                'verbose_name_plural': 'audit checkpoints',
                'ordering': ['municipality', 'sequence'],
                'constraints': [models.UniqueConstraint(fields=('municipality', 'sequence'), name='audit_checkpoint_sequence_unique')],
            },
        ),
        migrations.RunPython(chain_existing_events, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='auditevent',
            name='sequence',
            field=models.PositiveBigIntegerField(editable=False),
        ),
        migrations.AlterModelOptions(
            name='auditevent',
            options={'ordering': ['occurred_at', 'sequence'], 'verbose_name': 'audit event', 'verbose_name_plural': 'audit events'},
        ),
        migrations.AddConstraint(
            model_name='auditevent',
            constraint=models.UniqueConstraint(fields=('municipality', 'sequence'), name='audit_event_sequence_unique'),
        ),
    ]

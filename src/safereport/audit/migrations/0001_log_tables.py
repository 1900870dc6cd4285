"""The audit log's tables: leaves, perfect-subtree nodes, checkpoints, verification results."""

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []  # noqa: RUF012 - Django's own shape

    operations = [  # noqa: RUF012 - Django's own shape
        migrations.CreateModel(
            name="Checkpoint",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("size", models.BigIntegerField(unique=True)),
                ("root", models.BinaryField(max_length=32)),
                ("note", models.TextField()),
                ("created", models.DateTimeField()),
            ],
            options={
                "db_table": "audit_checkpoint",
            },
        ),
        migrations.CreateModel(
            name="Verification",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("time", models.DateTimeField()),
                ("size", models.BigIntegerField()),
                ("ok", models.BooleanField()),
                ("message", models.TextField()),
            ],
            options={
                "db_table": "audit_verification",
            },
        ),
        migrations.CreateModel(
            name="Leaf",
            fields=[
                ("index", models.BigIntegerField(primary_key=True, serialize=False)),
                ("data", models.BinaryField()),
                ("hash", models.BinaryField(max_length=32)),
                ("time", models.DateTimeField()),
            ],
            options={
                "db_table": "audit_leaf",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("index__gte", 0)), name="audit_leaf_index_not_negative"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="TreeNode",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "level",
                        "index",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("level", models.PositiveSmallIntegerField()),
                ("index", models.BigIntegerField()),
                ("hash", models.BinaryField(max_length=32)),
            ],
            options={
                "db_table": "audit_tree_node",
                "constraints": [
                    models.CheckConstraint(
                        condition=models.Q(("index__gte", 0), ("level__gte", 1)),
                        name="audit_tree_node_interior",
                    )
                ],
            },
        ),
    ]

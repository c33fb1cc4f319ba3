from django.db import migrations


def load(apps, schema_editor):
    from binhdang.indicators.catalogue import catalogue_load

    catalogue_load(apps.get_model)


class Migration(migrations.Migration):
    dependencies = [("indicators", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]

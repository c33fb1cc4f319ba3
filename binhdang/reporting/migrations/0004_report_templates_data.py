"""Store the default form of every report kind, so that no read ever creates one."""

from django.db import migrations


def store_defaults(apps, schema_editor):
    from django.utils import translation

    from binhdang.reporting.defaults import default_template

    ReportTemplate = apps.get_model("reporting", "ReportTemplate")
    for kind in ("unit_plan", "report_semiannual", "report_annual", "adhoc"):
        if not ReportTemplate.objects.filter(kind=kind).exists():
            with translation.override("vi"):  # stored text is the official Vietnamese
                name, sections = default_template(kind)
            ReportTemplate.objects.create(kind=kind, name=name, sections=sections)


class Migration(migrations.Migration):
    dependencies = [("reporting", "0003_consolidated_report")]

    operations = [migrations.RunPython(store_defaults, migrations.RunPython.noop)]

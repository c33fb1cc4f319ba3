"""`binhdang export report …` (the consolidated Báo cáo as DOCX/PDF) and
`binhdang export values …` (indicator values as XLSX, DHIS2 dataValueSets JSON or ADX)."""

from __future__ import annotations

import datetime
import sys

from django.core.management.base import BaseCommand, CommandParser
from django.utils.translation import gettext

from binhdang.core.errors import DomainError
from binhdang.exports import cli
from binhdang.exports.adapters import indicators_installed, report_period
from binhdang.exports.as_is import view_parse
from binhdang.exports.selectors import (
    ReportOptions,
    UnitLookupError,
    report_file,
    unit_by_name,
)
from binhdang.exports.signing.services import do_report_sign

REPORT_FORMATS = ("docx", "pdf")
VALUE_FORMATS = ("xlsx", "dhis2-json", "adx")


class Command(BaseCommand):
    help = "Xuất báo cáo tổng hợp (DOCX/PDF) hoặc số liệu chỉ tiêu (XLSX, DHIS2 JSON, ADX)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="what")
        report = sub.add_parser("report", help="báo cáo tổng hợp của một đơn vị cho một kỳ")
        report.add_argument("--unit", required=True, help="tên đầy đủ hoặc mã của đơn vị")
        report.add_argument("--period", required=True, help="2017-H1 (6 tháng) hoặc 2017 (năm)")
        report.add_argument("--format", required=True, dest="fmt", help="docx hoặc pdf")
        report.add_argument("-o", "--output", required=True, help="tệp kết quả")
        report.add_argument("--number", default="", help="số văn bản (để trống: điền tay)")
        report.add_argument("--date", default="", help="ngày ban hành dd/mm/yyyy (để trống: điền tay)")
        report.add_argument("--signer-authority", default=None, help="mặc định “TM. ỦY BAN NHÂN DÂN”")
        report.add_argument("--signer-title", default=None, help="mặc định “CHỦ TỊCH”")
        report.add_argument("--signer-name", default="", help="họ tên người ký")
        report.add_argument("--view", default="as-was",
                            help="as-was (mặc định: theo đơn vị thời đó) hoặc as-is (theo đơn vị hiện nay)")
        report.add_argument("--signed", action="store_true",
                            help="ký số PAdES (người ký, rồi cơ quan) và lưu bản đã ký; chỉ với pdf")
        plan = sub.add_parser("plan", help="văn bản kế hoạch đã lưu, đúng như văn bản ban hành")
        plan.add_argument("number", help="số, ký hiệu của kế hoạch, ví dụ 268/KH-UBND")
        plan.add_argument("--format", required=True, dest="fmt", help="docx hoặc pdf")
        plan.add_argument("-o", "--output", required=True, help="tệp kết quả")
        plan.add_argument("--signed", action="store_true",
                          help="ký số PAdES (người ký, rồi cơ quan ban hành) và lưu bản đã ký; chỉ với pdf")
        values = sub.add_parser("values", help="số liệu chỉ tiêu")
        values.add_argument("--format", required=True, dest="fmt", help="xlsx, dhis2-json hoặc adx")
        values.add_argument("--unit", default="", help="chỉ đơn vị này và các đơn vị trực thuộc")
        values.add_argument("--period", default="", help="2017-H1, 2017-H2 hoặc 2017")
        values.add_argument("--id-scheme", default="code", dest="id_scheme",
                            help="DHIS2 JSON: code (mã DHIS2 đã ánh xạ, hoặc mã của hệ thống) hoặc uid")
        values.add_argument("-o", "--output", required=True, help="tệp kết quả")
        values.add_argument("--view", default="as-was",
                            help="as-was (mặc định: theo đơn vị thời đó) hoặc as-is (theo đơn vị hiện nay)")

    def handle(self, *args, **options) -> None:
        cli.activate()
        what = options.get("what")
        if what == "report":
            self._report(options)
        elif what == "values":
            self._values(options)
        elif what == "plan":
            self._plan(options)
        else:
            cli.fail(cli.message("usage_export"), 2)

    def _unit(self, name: str):
        try:
            return unit_by_name(name)
        except UnitLookupError as exc:
            if cli.english():
                if exc.code == "ambiguous_unit":
                    cli.fail(cli.message("ambiguous_unit", name=name, listed="…"))
                cli.fail(cli.message("unknown_unit", name=name))
            cli.fail(exc.message)

    def _view(self, options) -> str:
        raw = str(options.get("view") or "as-was").strip().lower().replace("_", "-")
        if raw not in ("as-was", "as-is"):
            cli.fail(gettext("Cách xem “%(view)s” không hỗ trợ; dùng as-was (theo đơn vị thời đó) hoặc as-is "
                             "(theo đơn vị hiện nay).") % {"view": options.get("view")})
        return view_parse(raw)

    def _report(self, options) -> None:
        fmt = options["fmt"].lower()
        if fmt not in REPORT_FORMATS:
            cli.fail(cli.message("bad_format", fmt=options["fmt"], allowed="docx, pdf"))
        cli.activate_cli_language()
        try:
            period = report_period(options["period"])
        except DomainError as exc:
            cli.fail(exc.message)
        date = None
        if options["date"]:
            try:
                date = datetime.datetime.strptime(options["date"], "%d/%m/%Y").date()  # noqa: DTZ007
            except ValueError:
                cli.fail(cli.message("bad_date", value=options["date"]))
        if options["signed"] and fmt != "pdf":
            cli.fail(cli.message("signed_pdf_only"))
        view = self._view(options)
        if options["signed"] and view == "as_is":
            cli.fail(gettext("Chỉ ký được báo cáo theo đơn vị thời đó (bỏ --view as-is)."))
        target = cli.writable_target(options["output"])
        unit = self._unit(options["unit"])
        report_options = ReportOptions(
            number=options["number"], date=date, signer_authority=options["signer_authority"],
            signer_title=options["signer_title"], signer_name=options["signer_name"], view=view,
            as_is_hint=gettext("chạy lại lệnh với --view as-is"),
        )
        try:
            if options["signed"]:
                data = do_report_sign(unit, period.key, report_options)
            else:
                data = report_file(unit, period.key, fmt, report_options)
        except DomainError as exc:
            cli.fail(exc.message)
        cli.write_atomic(target, lambda handle: handle.write(data))

    def _plan(self, options) -> None:
        fmt = options["fmt"].lower()
        if fmt not in REPORT_FORMATS:
            cli.fail(cli.message("bad_format", fmt=options["fmt"], allowed="docx, pdf"))
        from binhdang.exports.documents import plan_document_build
        from binhdang.plans.models import Plan

        number = options["number"].strip()
        plan = Plan.objects.filter(number__iexact=number).order_by("-year", "-id").first()
        if plan is None:
            cli.fail(f"Không có kế hoạch số “{number}”." if not cli.english() else f"No plan numbered “{number}”.")
        if options["signed"] and fmt != "pdf":
            cli.fail(cli.message("signed_pdf_only"))
        target = cli.writable_target(options["output"])
        document = plan_document_build(plan)
        if options["signed"]:
            from binhdang.exports.signing.services import do_signed_document_issue

            try:
                record = do_signed_document_issue(actor=None, document=document, org_unit=plan.issuer,
                                                  period=f"{plan.year}-plan")
            except DomainError as exc:
                cli.fail(exc.message)
            content = bytes(record.content)
            cli.write_atomic(target, lambda handle: handle.write(content))
            return
        if fmt == "docx":
            from binhdang.exports.official.docx import render_docx

            data = render_docx(document)
        else:
            from binhdang.exports.official.pdf import render_pdf

            data = render_pdf(document)
        cli.write_atomic(target, lambda handle: handle.write(data))

    def _values(self, options) -> None:
        fmt = options["fmt"].lower()
        if fmt not in VALUE_FORMATS:
            cli.fail(cli.message("bad_format", fmt=options["fmt"], allowed=", ".join(VALUE_FORMATS)))
        if not indicators_installed():
            cli.fail(cli.message("no_indicators"))
        from binhdang.indicators.models import Indicator
        from binhdang.indicators.periods import period_parse
        from binhdang.orgunits.models import OrgUnit

        period = ""
        if options["period"]:
            cli.activate_cli_language()
            try:
                period = period_parse(options["period"]).key
            except DomainError as exc:
                cli.fail(exc.message)
        target = cli.writable_target(options["output"])
        unit = self._unit(options["unit"]) if options["unit"] else None
        from binhdang.exports.dhis2 import write_adx, write_json
        from binhdang.exports.values import Mapping, values_iter
        from binhdang.exports.xlsx import write_values_xlsx

        scheme = options["id_scheme"].upper()
        if scheme not in ("CODE", "UID"):
            cli.fail(cli.message("bad_format", fmt=options["id_scheme"], allowed="code, uid"))
        mapping = Mapping.load(scheme if fmt == "dhis2-json" else "CODE")
        if mapping.uid:
            from binhdang.exports.values import uid_scheme_gaps

            gaps = uid_scheme_gaps(mapping, unit=unit, period=period or None)
            if gaps:
                cli.fail("\n".join([cli.message("unmapped", n=len(gaps)), *gaps]))
        view = self._view(options)
        if view == "as_is":
            from binhdang.exports.values import values_iter_as_is

            rows = values_iter_as_is(unit=unit, period=period or None)
        else:
            rows = values_iter(unit=unit, period=period or None)

        def write(handle):
            if fmt == "xlsx":
                names = dict(Indicator.objects.values_list("code", "name"))
                units = dict(OrgUnit.objects.values_list("code", "name"))
                title = "Số liệu theo đơn vị hiện nay" if view == "as_is" else "Số liệu chỉ tiêu"
                write_values_xlsx(rows, handle, names=names, units=units, title=title)
            elif fmt == "dhis2-json":
                write_json(rows, handle, mapping)
            else:
                write_adx(rows, handle, mapping)

        cli.write_atomic(target, write)
        sys.stdout.flush()

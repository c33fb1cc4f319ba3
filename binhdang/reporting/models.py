"""The reporting cycle: report forms, submissions and their revisions, attachments,
ad-hoc requests, reminders (in-app notifications and the log that keeps sending idempotent).

Obligations (who must send what to whom by when) belong to the plans app; a Submission is
one unit's answer to one Obligation.
"""

import datetime
import os

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from binhdang.core.text import search_key
from binhdang.orgunits.models import OrgUnit
from binhdang.plans.models import Obligation, ObligationKind, Plan

from .messages import NotificationKind
from .messages import render as render_message


class SectionKind(models.TextChoices):
    NARRATIVE = "narrative", _("Nội dung (văn bản)")
    TASK_TABLE = "task_table", _("Bảng tiến độ nhiệm vụ")
    INDICATOR_TABLE = "indicator_table", _("Bảng chỉ tiêu theo giới tính")
    ATTACHMENTS = "attachments", _("Tài liệu đính kèm")


class ReportTemplate(models.Model):
    """The form of one kind of report; coordinators edit its sections without code.

    `sections` is a list of rows {key, title, kind, help, required} (plus `indicators`,
    a list of {code, name}, for an indicator table).
    """

    kind = models.CharField(_("loại báo cáo"), max_length=20, choices=ObligationKind.choices, unique=True)
    name = models.CharField(_("tên mẫu"), max_length=255)
    sections = models.JSONField(_("các mục"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("mẫu báo cáo")
        verbose_name_plural = _("mẫu báo cáo")
        ordering = ["kind"]

    def __str__(self) -> str:
        return self.name


class AdhocRequest(models.Model):
    """An ad-hoc (đột xuất) report request: its own deadline, for a chosen set of units."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="+", verbose_name=_("kế hoạch"))
    title = models.CharField(_("nội dung yêu cầu"), max_length=500)
    receiver = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("nơi nhận"))
    due_date = models.DateField(_("hạn gửi"))
    period_start = models.DateField(_("số liệu từ ngày"), null=True, blank=True)
    period_end = models.DateField(_("số liệu đến ngày"), null=True, blank=True)
    obligations = models.ManyToManyField(Obligation, related_name="adhoc_requests", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("yêu cầu báo cáo đột xuất")
        verbose_name_plural = _("yêu cầu báo cáo đột xuất")
        ordering = ["-due_date", "-id"]

    def __str__(self) -> str:
        return f"{self.title[:80]} · {self.due_date:%d/%m/%Y}"

    @property
    def period_key(self) -> str:
        return f"adhoc-{self.pk}"


class Submission(models.Model):
    """The current report of one unit for one obligation (one per obligation)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Đang soạn")
        SUBMITTED = "submitted", _("Đã gửi")
        RETURNED = "returned", _("Bị trả lại")
        ACCEPTED = "accepted", _("Đã tiếp nhận")

    EDITABLE = (Status.DRAFT, Status.RETURNED)

    obligation = models.OneToOneField(
        Obligation, on_delete=models.CASCADE, related_name="submission", verbose_name=_("nghĩa vụ")
    )
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="submissions", verbose_name=_("đơn vị gửi")
    )
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    # {section key: value}: text for a narrative, rows for a table.
    content = models.JSONField(_("nội dung"), default=dict, blank=True)
    # The form the draft was started on, so later template edits do not reshape it.
    sections = models.JSONField(_("các mục của mẫu"), default=list, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu"), null=True, blank=True)
    last_submitted_at = models.DateTimeField(_("gửi lần cuối"), null=True, blank=True)
    returned_at = models.DateTimeField(_("trả lại lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    accepted_at = models.DateTimeField(_("tiếp nhận lúc"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # What the unit's indicator cells held before this report's figures were written into
    # them at acceptance ([{code, sex, num}]); reopening the report puts them back.
    applied_values = models.JSONField(default=list, blank=True, editable=False)
    # Folded text of the content, the obligation's title and its period (key and label):
    # accent-insensitive search; written by save() and by the services' compare-and-swap.
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("báo cáo của đơn vị")
        verbose_name_plural = _("báo cáo của đơn vị")
        ordering = ["obligation__due_date", "org_unit__path", "id"]
        indexes = [models.Index(fields=["status"], name="submission_status")]

    def __str__(self) -> str:
        return f"{self.org_unit} · {self.obligation.get_kind_display()} · {self.get_status_display()}"

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("reporting:submission", args=[self.pk])

    def build_search_text(self, content: dict | None = None) -> str:
        return submission_search_text(self.obligation, self.content if content is None else content)

    @property
    def is_editable(self) -> bool:
        return self.status in self.EDITABLE

    @property
    def due_deadline(self) -> datetime.datetime:
        return due_end_of_day(self.obligation.due_date)

    @property
    def on_time(self) -> bool | None:
        """The FIRST submission against the due date (end of day, Asia/Ho_Chi_Minh)."""
        if self.first_submitted_at is None:
            return None
        return self.first_submitted_at <= self.due_deadline


SEARCH_TEXT_MAX = 20_000


def _texts(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):  # by key: PostgreSQL's jsonb gives keys in an order of its own
        return [t for _k, v in sorted(value.items()) for t in _texts(v)]
    if isinstance(value, list):
        return [t for v in value for t in _texts(v)]
    return []


def submission_search_text(obligation: Obligation, content: dict) -> str:
    """What a report is found by: its period (key and label in both languages), the
    obligation's title and every text of its content, folded (accents, case)."""
    from django.utils import translation

    from binhdang.core.errors import DomainError
    from binhdang.core.periods import period_parse
    from binhdang.plans.periods import period_key_of

    key = period_key_of(obligation)
    labels = []
    try:
        period = period_parse(key)
        for language in ("vi", "en"):
            with translation.override(language):
                labels.append(str(period.label))
    except DomainError:  # a key the period model does not know: the key alone
        pass
    parts = [key, *labels, obligation.title, *_texts(content)]
    return " | ".join(p for p in (search_key(x) for x in parts) if p)[:SEARCH_TEXT_MAX]


def due_end_of_day(day: datetime.date) -> datetime.datetime:
    """The last instant of `day` in Vietnam time: a report sent at 23:59 on the due date is on time."""
    import zoneinfo

    tz = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
    return datetime.datetime.combine(day, datetime.time.max, tzinfo=tz)


class SubmissionRevision(models.Model):
    """A frozen copy of what was sent, one per submit, so resubmissions can be compared."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("lần gửi"))
    content = models.JSONField(default=dict)
    sections = models.JSONField(default=list)
    attachments = models.JSONField(default=list)  # [{id, name, size}] at the time of sending
    submitted_at = models.DateTimeField()
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The submission version the submit was made from, and the client's token: a retried
    # submit carrying either is recognised and answered with this revision.
    from_version = models.PositiveIntegerField()
    token = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("lần gửi báo cáo")
        verbose_name_plural = _("lần gửi báo cáo")
        ordering = ["submission", "number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="revision_unique_number"),
            models.UniqueConstraint(
                fields=["submission", "token"], condition=~models.Q(token=""), name="revision_unique_token"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.submission_id} #{self.number}"


ALLOWED_EXTENSIONS = (".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".jpg", ".jpeg", ".png")
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024


def attachment_path(instance: "Attachment", filename: str) -> str:
    # A generated name: the user's file name is kept in `original_name` only.
    ext = os.path.splitext(filename)[1].lower()
    return f"reporting/{timezone.localdate():%Y/%m}/{os.urandom(12).hex()}{ext}"


class Attachment(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attachment_files")
    section_key = models.CharField(max_length=64)
    file = models.FileField(upload_to=attachment_path, max_length=255)
    original_name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class Notification(models.Model):
    """An in-app message; `key` makes creating it twice a no-op."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    key = models.CharField(max_length=200)
    # What it is about (the page groups by it) and the message it says: a key of
    # binhdang.reporting.messages with its parameters, rendered in the reader's language.
    kind = models.CharField(_("loại"), max_length=20, choices=NotificationKind.choices, default=NotificationKind.OTHER)
    message = models.CharField(max_length=64, blank=True)
    params = models.JSONField(default=dict, blank=True)
    # The Vietnamese text as it was made (admin, e-mail, and rows whose message is unknown).
    title = models.CharField(_("tiêu đề"), max_length=255)
    body = models.TextField(_("nội dung"), blank=True)
    url = models.CharField(max_length=255, blank=True)
    obligation = models.ForeignKey(Obligation, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_unique_key")]
        indexes = [models.Index(fields=["user", "read_at"], name="notification_unread")]

    def __str__(self) -> str:
        return self.title

    def _rendered(self) -> tuple[str, str]:
        rendered = render_message(self.message, self.params)
        return rendered if rendered is not None else (self.title, self.body)

    @property
    def display_title(self) -> str:
        """The title in the active language (the reader's), made now from the message."""
        return self._rendered()[0]

    @property
    def display_body(self) -> str:
        return self._rendered()[1]


class SentLog(models.Model):
    """One row per message that must go out once (a person's digest of one day)."""

    key = models.CharField(max_length=200, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    items = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("nhật ký gửi thư")
        verbose_name_plural = _("nhật ký gửi thư")
        ordering = ["-day", "user_id"]

    def __str__(self) -> str:
        return self.key


class ConsolidatedReport(models.Model):
    """The coordinator's working draft of a unit's consolidated report for a period (the
    town's, the province's): the parts they rewrote, the figures of the last saved draft
    (to show what changed since), and, once issued, the unit's own submission upward."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị"))
    period = models.CharField(_("kỳ"), max_length=16)
    edits = models.JSONField(_("nội dung đã sửa"), default=dict, blank=True)  # {"I": text, …, "IV": text}
    figures = models.JSONField(default=dict, blank=True)  # {code: [female, male]} of the last draft
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    issued_at = models.DateTimeField(_("ban hành lúc"), null=True, blank=True)
    submission = models.ForeignKey(
        Submission, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("báo cáo gửi cấp trên"),
    )

    class Meta:
        verbose_name = _("báo cáo tổng hợp")
        verbose_name_plural = _("báo cáo tổng hợp")
        constraints = [models.UniqueConstraint(fields=["org_unit", "period"], name="consolidated_unique_period")]

    def __str__(self) -> str:
        return f"{self.org_unit} · {self.period}"

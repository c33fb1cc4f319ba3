"""Plans (Kế hoạch), their tasks, who leads them, when they are due, and the reporting
obligations a plan puts on each unit."""

import datetime
import os

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.core.text import search_key
from binhdang.orgunits.models import OrgUnit


class Plan(models.Model):
    # Set by the plan list for its rows (not stored).
    can_edit: bool
    task_count: int

    class Status(models.TextChoices):
        DRAFT = "draft", _("Dự thảo")
        ISSUED = "issued", _("Đã ban hành")

    issuer = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="plans_issued", verbose_name=_("cơ quan ban hành")
    )
    # The superior body named above the issuer in the header, when the text gives one.
    parent_issuer = models.CharField(_("cơ quan chủ quản"), max_length=255, blank=True)
    # A draft has no number until it is issued (the office assigns the sequence then).
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    doc_type = models.CharField(_("loại văn bản (viết tắt)"), max_length=8, default="KH")
    type_name = models.CharField(_("tên loại"), max_length=64, default="Kế hoạch")
    place = models.CharField(_("địa danh"), max_length=120, blank=True)
    date = models.DateField(_("ngày ban hành"))
    title = models.TextField(_("trích yếu"))
    year = models.PositiveSmallIntegerField(_("năm"))
    purpose = models.JSONField(_("mục đích, yêu cầu"), default=list, blank=True)
    # The opening paragraphs as issued ("Thực hiện Quyết định số …, cụ thể như sau:").
    preamble = models.JSONField(_("phần mở đầu"), default=list, blank=True)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("kế hoạch cấp trên"),
    )
    copied_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="copies",
        verbose_name=_("sao chép từ"),
    )
    source_text = models.TextField(_("văn bản gốc"), blank=True)
    signer_name = models.CharField(_("người ký"), max_length=120, blank=True)
    signer_title = models.CharField(_("chức vụ người ký"), max_length=120, blank=True)
    signer_authority = models.CharField(_("thẩm quyền ký (TM., KT., …)"), max_length=120, blank=True)
    status = models.CharField(_("trạng thái"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Folded number and title ("268 kh ubnd | trien khai ..."): accent-insensitive search
    # on every database, refreshed by save() (docs/decisions/0301-search.md).
    search_text = models.TextField(editable=False, default="")

    class Meta:
        verbose_name = _("kế hoạch")
        verbose_name_plural = _("kế hoạch")
        ordering = ["-year", "-date", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issuer", "number", "year"],
                condition=~models.Q(number=""),
                name="plan_unique_number",
            )
        ]

    def __str__(self) -> str:
        return f"{self.number or _('Dự thảo')} · {self.title[:80]}"

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:detail", args=[self.pk])

    def build_search_text(self) -> str:
        return " | ".join(p for p in (search_key(self.number), search_key(self.title)) if p)


class CitedDocument(models.Model):
    class Role(models.TextChoices):
        LEGAL_BASIS = "legal_basis", _("Căn cứ")
        REFERENCE = "reference", _("Văn bản được dẫn")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="cited_documents")
    role = models.CharField(max_length=12, choices=Role.choices)
    text = models.TextField()
    type_name = models.CharField(max_length=64, blank=True)
    number = models.CharField(max_length=64, blank=True)
    date = models.DateField(null=True, blank=True)
    issuer = models.CharField(max_length=255, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("văn bản được dẫn")
        verbose_name_plural = _("văn bản được dẫn")
        ordering = ["role", "order", "id"]

    def __str__(self) -> str:
        return self.number or self.text[:60]


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="children"
    )
    label = models.CharField(max_length=32)
    title = models.TextField(blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("mục")
        verbose_name_plural = _("mục")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "label"], name="section_unique_label")
        ]

    def __str__(self) -> str:
        return f"{self.label}. {self.title}"

    @property
    def short_label(self) -> str:
        """The label as printed under its parent heading: "III.2" → "2"."""
        return self.label.rsplit(".", 1)[-1]


class Task(models.Model):
    # Set on the tasks the plan selectors return, for the pages (not stored): the status on the
    # day asked about, the last due date, and the assignments by role.
    effective_status: str
    effective_status_label: str
    final_due: datetime.date
    lead_assignments: list["TaskAssignment"]
    coordinating_assignments: list["TaskAssignment"]

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Chưa bắt đầu")
        IN_PROGRESS = "in_progress", _("Đang thực hiện")
        DONE = "done", _("Hoàn thành")
        CANCELLED = "cancelled", _("Hủy bỏ")
        # Never stored: derived from the due dates by selectors.task_status_on().
        OVERDUE = "overdue", _("Quá hạn")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="tasks"
    )
    code = models.CharField(_("mã nhiệm vụ"), max_length=32)
    text = models.TextField(_("nội dung"))
    order = models.PositiveIntegerField(default=0)
    status = models.CharField(
        _("trạng thái"), max_length=12, choices=Status.choices, default=Status.NOT_STARTED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    search_text = models.TextField(editable=False, default="")  # folded code and text

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="task_unique_code"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="task_progress_max"),
            models.CheckConstraint(
                condition=~models.Q(status="overdue"), name="task_overdue_not_stored"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:70]}"

    def save(self, *args, **kwargs):
        self.search_text = self.build_search_text()
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_text"}
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("plans:task", args=[self.pk])

    def build_search_text(self) -> str:
        return " | ".join(p for p in (search_key(self.code), search_key(self.text)) if p)


class Group(models.TextChoices):
    """Collective names a plan uses instead of listing units; expanded at the plan's date."""

    COMMUNES = "communes", _("Ủy ban nhân dân các xã, phường")
    AGENCIES = "agencies", _("Các phòng, ban, ngành")
    ORGANISATIONS = "organisations", _("Các đoàn thể chính trị - xã hội")
    ALL_UNITS = "all_units", _("Các cơ quan, đơn vị")


class TaskAssignment(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", _("Chủ trì")
        COORDINATING = "coordinating", _("Phối hợp")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    role = models.CharField(max_length=12, choices=Role.choices)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="task_assignments"
    )
    group = models.CharField(max_length=16, choices=Group.choices, blank=True)
    # The name as the plan writes it ("Phòng Tài chính-KH", "UBND các xã, phường").
    label = models.CharField(max_length=255, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("phân công")
        verbose_name_plural = _("phân công")
        ordering = ["role", "order", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(org_unit__isnull=False) & models.Q(group=""))
                | (models.Q(org_unit__isnull=True) & ~models.Q(group="")),
                name="assignment_unit_xor_group",
            ),
            models.UniqueConstraint(
                fields=["task", "role", "org_unit"],
                condition=models.Q(org_unit__isnull=False),
                name="assignment_unique_unit",
            ),
            models.UniqueConstraint(
                fields=["task", "role", "group"],
                condition=~models.Q(group=""),
                name="assignment_unique_group",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    @property
    def display_name(self) -> str:
        if self.org_unit is not None:
            return self.org_unit.name
        return str(self.label or Group(self.group).label)


class TaskDue(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="dues")
    date = models.DateField()
    text = models.CharField(max_length=255, blank=True)

    class Meta:
        verbose_name = _("thời hạn")
        verbose_name_plural = _("thời hạn")
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y}"


class Recurrence(models.Model):
    class Freq(models.TextChoices):
        YEARLY = "yearly", _("Hằng năm")
        SEMIANNUAL = "semiannual", _("6 tháng một lần")
        QUARTERLY = "quarterly", _("Hằng quý")
        MONTHLY = "monthly", _("Hằng tháng")

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="recurrences")
    freq = models.CharField(max_length=12, choices=Freq.choices)
    month = models.PositiveSmallIntegerField(null=True, blank=True)
    day = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.CharField(max_length=255, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("lặp lại")
        verbose_name_plural = _("lặp lại")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text or self.get_freq_display()


class TaskUpdate(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="updates")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()
    percent = models.PositiveSmallIntegerField()
    status_after = models.CharField(max_length=12, choices=Task.Status.choices)

    class Meta:
        verbose_name = _("cập nhật tiến độ")
        verbose_name_plural = _("cập nhật tiến độ")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.task.code} {self.percent}%"


def evidence_path(instance: "TaskEvidence", filename: str) -> str:
    # A generated name: user-supplied names stay in `original_name` only.
    ext = os.path.splitext(filename)[1].lower()
    today = datetime.date.today()  # noqa: DTZ011
    return f"plans/evidence/{today:%Y/%m}/{os.urandom(12).hex()}{ext}"


class TaskEvidence(models.Model):
    update = models.ForeignKey(TaskUpdate, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to=evidence_path, max_length=255)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    content_type = models.CharField(max_length=100, blank=True)

    class Meta:
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.original_name


class TaskComment(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    text = models.TextField()

    class Meta:
        verbose_name = _("ý kiến")
        verbose_name_plural = _("ý kiến")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return self.text[:60]


class Recipient(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="recipients")
    text = models.CharField(max_length=255)
    purpose = models.CharField(max_length=120, blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nơi nhận")
        verbose_name_plural = _("nơi nhận")
        ordering = ["order", "id"]

    def __str__(self) -> str:
        return self.text


class ObligationKind(models.TextChoices):
    UNIT_PLAN = "unit_plan", _("Kế hoạch của đơn vị")
    REPORT_SEMIANNUAL = "report_semiannual", _("Báo cáo 6 tháng")
    REPORT_ANNUAL = "report_annual", _("Báo cáo năm")
    ADHOC = "adhoc", _("Báo cáo đột xuất")


class PlanDeadline(models.Model):
    """A deadline as the plan states it; obligations_generate() expands it per unit."""

    # Set by the plan page: obligations of this deadline, and how many of them are done.
    total: int
    done: int

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="deadlines")
    kind = models.CharField(max_length=20, choices=ObligationKind.choices)
    date = models.DateField()
    text = models.CharField(max_length=255, blank=True)
    what = models.TextField(blank=True)
    # Who sends and who receives, as written ("các đơn vị", "Ủy ban nhân dân các xã, phường").
    from_labels = models.JSONField(default=list, blank=True)
    to_label = models.CharField(max_length=255, blank=True)
    receiver = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("thời hạn báo cáo của kế hoạch")
        verbose_name_plural = _("thời hạn báo cáo của kế hoạch")
        ordering = ["date", "order", "id"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.what[:60]}"


class Obligation(models.Model):
    """One unit's duty to send one thing by one date; the reporting cycle adds submissions."""

    Kind = ObligationKind

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="obligations")
    deadline = models.ForeignKey(
        PlanDeadline, on_delete=models.SET_NULL, null=True, blank=True, related_name="obligations"
    )
    kind = models.CharField(max_length=20, choices=ObligationKind.choices)
    title = models.CharField(_("nội dung phải gửi"), max_length=500)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="obligations", verbose_name=_("đơn vị gửi")
    )
    receiver = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="obligations_received",
        verbose_name=_("nơi nhận"),
    )
    due_date = models.DateField(_("hạn gửi"))
    # Data cut-off (thời gian chốt số liệu, NĐ 09/2019 Art. 12); none for a unit plan.
    period_start = models.DateField(null=True, blank=True)
    period_end = models.DateField(null=True, blank=True)
    # Hooks for the reporting cycle: the unit's own plan (25/02) or the first submission.
    fulfilled_by_plan = models.ForeignKey(
        Plan, on_delete=models.SET_NULL, null=True, blank=True, related_name="fulfils"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("nghĩa vụ báo cáo")
        verbose_name_plural = _("nghĩa vụ báo cáo")
        ordering = ["due_date", "org_unit__path", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "kind", "org_unit", "due_date"],
                # Ad-hoc obligations belong to their request: two requests may share a date.
                condition=~models.Q(kind="adhoc"),
                name="obligation_unique",
            )
        ]

    def __str__(self) -> str:
        return f"{self.org_unit} · {self.get_kind_display()} · {self.due_date:%d/%m/%Y}"

    @property
    def is_done(self) -> bool:
        """Sent and not sent back: a returned report is still to do (it must be corrected)."""
        if self.fulfilled_by_plan_id is not None:
            return True
        if self.submitted_at is None:
            return False
        try:
            submission = self.submission  # the reporting app's one-to-one, when installed
        except (AttributeError, ObjectDoesNotExist):
            return True
        return submission.status not in ("returned", "draft")

"""Indicators (chỉ tiêu), their targets, sex-disaggregated values per unit and period, the
ancestor roll-ups kept in step with every write, activities and budget lines."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from binhdang.orgunits.models import OrgUnit


class Source(models.Model):
    """A document that defines indicators or targets (QĐ 2351, NQ 28, TT 10/2019, local)."""

    code = models.CharField(_("mã"), max_length=32, unique=True)
    number = models.CharField(_("số, ký hiệu"), max_length=64, blank=True)
    title = models.TextField(_("trích yếu"))
    date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    amended_by = models.CharField(_("sửa đổi, bổ sung bởi"), max_length=255, blank=True)
    unverified = models.BooleanField(_("chưa kiểm chứng"), default=False)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("văn bản nguồn")
        verbose_name_plural = _("văn bản nguồn")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.number or self.title[:60]


class Objective(models.Model):
    """A strategy objective (mục tiêu) grouping targets."""

    source = models.ForeignKey(Source, on_delete=models.CASCADE, related_name="objectives")
    code = models.CharField(_("mã"), max_length=32, unique=True)
    name = models.TextField(_("mục tiêu"))
    order = models.PositiveIntegerField(default=0)
    unverified = models.BooleanField(_("chưa kiểm chứng"), default=False)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["source__order", "order", "code"]

    def __str__(self) -> str:
        return self.name[:80]


class Indicator(models.Model):
    class Kind(models.TextChoices):
        COUNT = "count", _("Số đếm")
        RATIO = "ratio", _("Tỷ lệ (tử số/mẫu số)")
        AVERAGE = "average", _("Bình quân (có trọng số)")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Càng cao càng tốt")
        LOWER = "lower", _("Càng thấp càng tốt")
        NEUTRAL = "neutral", _("Không xác định")

    class Periodicity(models.TextChoices):
        HALF_YEAR = "half_year", _("6 tháng và năm")
        YEAR = "year", _("Năm")
        TERM = "term", _("Đầu nhiệm kỳ")

    class Group(models.TextChoices):
        STRATEGY = "strategy", _("Chiến lược quốc gia")
        STATISTICS = "statistics", _("Thống kê phát triển giới")
        ACTIVITY = "activity", _("Hoạt động tại địa phương")
        LEADERSHIP = "leadership", _("Phụ nữ tham gia lãnh đạo")
        LOCAL = "local", _("Chỉ tiêu địa phương khác")
        SYNTHETIC = "synthetic", _("Dữ liệu tổng hợp (đo hiệu năng)")

    code = models.CharField(_("mã"), max_length=32, unique=True)
    # The official code where the source gives one (TT 10/2019: "0107").
    stat_code = models.CharField(_("mã thống kê"), max_length=16, blank=True)
    name = models.TextField(_("tên chỉ tiêu"))
    unit = models.CharField(_("đơn vị tính"), max_length=40)
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices, default=Kind.COUNT)
    # Ratios show num/den × scale (100 = %, 100000 = per 100.000); averages show num/den.
    scale = models.PositiveIntegerField(_("hệ số"), default=1)
    numerator_label = models.CharField(_("tử số"), max_length=255, blank=True)
    denominator_label = models.CharField(_("mẫu số"), max_length=255, blank=True)
    by_sex = models.BooleanField(_("phân tổ theo giới tính"), default=True)
    # Optional extra disaggregations ("age_group", "ethnicity") as data.
    breakdowns = models.JSONField(_("phân tổ khác"), default=list, blank=True)
    direction = models.CharField(
        _("chiều"), max_length=8, choices=Direction.choices, default=Direction.HIGHER
    )
    # Counts and ratios sum num (and den) up the tree; averages sum value×weight and weights.
    aggregation = models.CharField(_("quy tắc tổng hợp"), max_length=64, blank=True)
    periodicity = models.CharField(
        _("kỳ"), max_length=10, choices=Periodicity.choices, default=Periodicity.HALF_YEAR
    )
    group = models.CharField(_("nhóm"), max_length=12, choices=Group.choices, default=Group.LOCAL)
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="indicators", verbose_name=_("văn bản nguồn")
    )
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators",
        verbose_name=_("mục tiêu"),
    )
    agency = models.CharField(_("cơ quan thu thập"), max_length=255, blank=True)
    required = models.BooleanField(_("bắt buộc nhập"), default=False)
    # Filled from the activity log by a service, never typed: {"kind": "training", "measure": "participants"}.
    activity_rule = models.JSONField(_("tính từ hoạt động"), default=dict, blank=True)
    unverified = models.BooleanField(_("chưa kiểm chứng"), default=False)
    note = models.TextField(_("ghi chú"), blank=True)
    order = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code} {self.name[:70]}"

    @property
    def display_name(self) -> str:
        """The name in the reader's language (English from the catalogue data)."""
        from .catalogue import indicator_display_name

        return indicator_display_name(self.code, self.name)

    @property
    def is_derived(self) -> bool:
        return bool(self.activity_rule)

    @property
    def sexes(self) -> tuple[str, ...]:
        return ("F", "M") if self.by_sex else ("T",)

    def display(self, num: float | None, den: float | None) -> float | None:
        """The value a reader sees for summed numerator and denominator."""
        if num is None:
            return None
        if self.kind == self.Kind.COUNT:
            return num
        if not den:
            return None
        return num / den * (self.scale if self.kind == self.Kind.RATIO else 1)


class Target(models.Model):
    class Comparator(models.TextChoices):
        AT_LEAST = "ge", "≥"
        AT_MOST = "le", "≤"
        ABOUT = "about", "~"

    class Measure(models.TextChoices):
        VALUE = "value", _("Giá trị chung")
        FEMALE_SHARE = "female_share", _("Tỷ lệ nữ (%)")
        FEMALE_VALUE = "female_value", _("Giá trị của nữ")

    class Scope(models.TextChoices):
        NATIONAL = "national", _("Toàn quốc")
        PROVINCE = "province", _("Cấp tỉnh")
        DISTRICT = "district", _("Cấp huyện")
        COMMUNE = "commune", _("Cấp xã")
        UNIT = "unit", _("Một đơn vị")

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    objective = models.ForeignKey(
        Objective, on_delete=models.SET_NULL, null=True, blank=True, related_name="targets"
    )
    measure = models.CharField(
        _("đo bằng"), max_length=12, choices=Measure.choices, default=Measure.VALUE
    )
    comparator = models.CharField(
        _("so sánh"), max_length=5, choices=Comparator.choices, default=Comparator.AT_LEAST
    )
    value = models.FloatField(_("giá trị mục tiêu"))
    year = models.PositiveSmallIntegerField(_("năm đạt"))
    baseline_value = models.FloatField(_("giá trị gốc"), null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("năm gốc"), null=True, blank=True)
    scope = models.CharField(_("phạm vi"), max_length=10, choices=Scope.choices, default=Scope.NATIONAL)
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, null=True, blank=True, related_name="+",
        verbose_name=_("đơn vị (phạm vi một đơn vị)"),
    )
    text = models.TextField(_("diễn giải"), blank=True)
    unverified = models.BooleanField(_("chưa kiểm chứng"), default=False)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("chỉ tiêu mục tiêu")
        verbose_name_plural = _("chỉ tiêu mục tiêu")
        ordering = ["indicator__order", "year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(scope="unit") | models.Q(org_unit__isnull=False),
                name="target_unit_scope_has_unit",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_comparator_display()} {self.value:g} ({self.year})"


class Sex(models.TextChoices):
    FEMALE = "F", _("Nữ")
    MALE = "M", _("Nam")
    TOTAL = "T", _("Không phân tổ")


class IndicatorValue(models.Model):
    """One raw value: unit × period × indicator × sex (× optional breakdown).

    Totals are never stored: they are F + M, summed on read. A count keeps the number in
    `num`; a ratio keeps numerator and denominator; an average keeps value×weight and weight.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.PROTECT, related_name="values")
    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    period = models.CharField(_("kỳ"), max_length=8)
    sex = models.CharField(max_length=1, choices=Sex.choices)
    breakdown = models.CharField(max_length=32, blank=True, default="")
    num = models.FloatField()
    den = models.FloatField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("số liệu")
        verbose_name_plural = _("số liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "period", "indicator", "sex", "breakdown"],
                name="indicatorvalue_unique_cell",
            ),
            models.CheckConstraint(condition=models.Q(num__gte=0), name="indicatorvalue_num_nonneg"),
        ]
        indexes = [models.Index(fields=["indicator", "period"], name="indicatorvalue_ind_period")]

    def __str__(self) -> str:
        return f"{self.indicator_id}/{self.org_unit_id}/{self.period}/{self.sex}: {self.num:g}"


class IndicatorAggregate(models.Model):
    """The sums over a unit's strict descendants (its own values stay in IndicatorValue), kept
    up to date by every value write in the same transaction. A province or country total is
    own values + this row: two lookups."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    sex = models.CharField(max_length=1, choices=Sex.choices)
    breakdown = models.CharField(max_length=32, blank=True, default="")
    num = models.FloatField(default=0)
    den = models.FloatField(default=0)
    # How many raw values contribute (0 = the row is empty and is deleted).
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu tổng hợp")
        verbose_name_plural = _("số liệu tổng hợp")
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "period", "indicator", "sex", "breakdown"],
                name="indicatoraggregate_unique_cell",
            )
        ]

    def __str__(self) -> str:
        return f"Σ {self.indicator_id}/{self.org_unit_id}/{self.period}/{self.sex}: {self.num:g}"


class IndicatorKindAggregate(models.Model):
    """The same sums as IndicatorAggregate, split by what kind of unit the values came from
    (its kind, level and administrative title: "phường", "xã", "thị trấn"…), so that a cut
    such as "wards only" or "communes only" is a lookup too. Kept by the same writes, in the
    same transaction (rollups.apply_deltas)."""

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=8)
    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="+")
    sex = models.CharField(max_length=1, choices=Sex.choices)
    breakdown = models.CharField(max_length=32, blank=True, default="")
    # Of the contributing (descendant) unit.
    unit_kind = models.CharField(max_length=20)
    unit_level = models.CharField(max_length=10)
    unit_title = models.CharField(max_length=40, blank=True, default="")
    num = models.FloatField(default=0)
    den = models.FloatField(default=0)
    n = models.IntegerField(default=0)

    class Meta:
        verbose_name = _("số liệu tổng hợp theo loại đơn vị")
        verbose_name_plural = _("số liệu tổng hợp theo loại đơn vị")
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "period", "indicator", "sex", "breakdown", "unit_kind", "unit_level",
                        "unit_title"],
                name="indicatorkindaggregate_unique_cell",
            )
        ]

    def __str__(self) -> str:
        return f"Σ[{self.unit_title or self.unit_level}] {self.indicator_id}/{self.org_unit_id}/{self.period}/{self.sex}"


class Activity(models.Model):
    class Kind(models.TextChoices):
        TRAINING = "training", _("Tập huấn")
        COMMUNICATION = "communication", _("Tuyên truyền")
        SEMINAR = "seminar", _("Tọa đàm, hội thảo")
        REVIEW_MEETING = "review_meeting", _("Giao ban")
        EVENT_8_3 = "event_8_3", _("Kỷ niệm ngày Quốc tế phụ nữ 8/3")
        EVENT_20_10 = "event_20_10", _("Kỷ niệm ngày Phụ nữ Việt Nam 20/10")
        COUNSELLING = "counselling", _("Tư vấn")
        INSPECTION = "inspection", _("Kiểm tra")

    class Channel(models.TextChoices):
        LOUDSPEAKER = "loudspeaker", _("Loa truyền thanh")
        TV = "tv", _("Truyền hình")
        MEETING = "meeting", _("Hội nghị, họp dân")
        SOCIAL_MEDIA = "social_media", _("Mạng xã hội")
        PRINT = "print", _("Tài liệu, pa-nô, áp phích")

    class Topic(models.TextChoices):
        CANCER_SCREENING = "cancer_screening", _("Khám sàng lọc ung thư vú, ung thư cổ tử cung")
        FAMILY_MEAL = "family_meal", _("Bữa cơm gia đình ấm áp yêu thương")
        CHILD_PROTECTION = "child_protection", _("Bảo vệ trẻ em")
        DOMESTIC_VIOLENCE = "domestic_violence", _("Phòng chống bạo lực gia đình")
        OTHER = "other", _("Khác")

    kind = models.CharField(_("loại hoạt động"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("tên hoạt động"), max_length=255)
    date = models.DateField(_("ngày"))
    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.PROTECT, related_name="+", verbose_name=_("đơn vị tổ chức")
    )
    task = models.ForeignKey(
        "plans.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="activities",
        verbose_name=_("nhiệm vụ trong kế hoạch"),
    )
    channel = models.CharField(_("kênh"), max_length=16, choices=Channel.choices, blank=True)
    audience_reached = models.PositiveIntegerField(_("số lượt người được tiếp cận"), default=0)
    topic = models.CharField(_("chủ đề tư vấn"), max_length=20, choices=Topic.choices, blank=True)
    participants_female = models.PositiveIntegerField(_("người tham gia: nữ"), default=0)
    participants_male = models.PositiveIntegerField(_("người tham gia: nam"), default=0)
    women_cadres = models.PositiveIntegerField(_("trong đó cán bộ nữ"), default=0)
    cost = models.DecimalField(_("kinh phí (đồng)"), max_digits=15, decimal_places=0, default=0)
    inspected_unit = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("đơn vị được kiểm tra"),
    )
    findings = models.TextField(_("kết quả kiểm tra"), blank=True)
    recommendations = models.TextField(_("kiến nghị"), blank=True)
    follow_up = models.TextField(_("theo dõi thực hiện kiến nghị"), blank=True)
    notes = models.TextField(_("ghi chú"), blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("hoạt động")
        verbose_name_plural = _("hoạt động")
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["org_unit", "date"], name="activity_unit_date")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(women_cadres__lte=models.F("participants_female")),
                name="activity_women_cadres_le_female",
            )
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.title[:70]}"

    @property
    def participants_total(self) -> int:
        return self.participants_female + self.participants_male


class BudgetCategory(models.Model):
    """A spending category (nội dung chi) of TT 191/2009/TT-BTC Art. 3, kept as data."""

    code = models.CharField(_("mã"), max_length=8, unique=True)
    name = models.TextField(_("nội dung chi"))
    rate_note = models.TextField(_("mức chi"), blank=True)
    order = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("nội dung chi")
        verbose_name_plural = _("nội dung chi")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return f"{self.code}. {self.name[:60]}"


class BudgetLine(models.Model):
    class Kind(models.TextChoices):
        ESTIMATE = "estimate", _("Dự toán")
        SPENDING = "spending", _("Thực chi")

    org_unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("năm ngân sách"))
    kind = models.CharField(_("loại"), max_length=8, choices=Kind.choices)
    category = models.ForeignKey(
        BudgetCategory, on_delete=models.PROTECT, related_name="lines", verbose_name=_("nội dung chi")
    )
    amount = models.DecimalField(_("số tiền (đồng)"), max_digits=15, decimal_places=0)
    description = models.CharField(_("diễn giải"), max_length=255, blank=True)
    date = models.DateField(_("ngày"), null=True, blank=True)
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="budget_lines",
        verbose_name=_("hoạt động"),
    )
    task = models.ForeignKey(
        "plans.Task", on_delete=models.SET_NULL, null=True, blank=True, related_name="budget_lines",
        verbose_name=_("nhiệm vụ"),
    )
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("dòng kinh phí")
        verbose_name_plural = _("dòng kinh phí")
        ordering = ["year", "category__order", "kind", "id"]
        indexes = [models.Index(fields=["org_unit", "year"], name="budgetline_unit_year")]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budgetline_amount_nonneg")
        ]

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()} {self.category.code}: {self.amount}"


class BudgetEstimateDue(models.Model):
    """The Ban VSTBPN's duty to send next year's estimate before 20/7 (TT 191/2009 Art. 4).

    The plans Obligation needs a Plan and a period report kind; this duty comes from the
    circular itself, every year, so it is kept here.
    """

    org_unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="+", verbose_name=_("Ban VSTBPN")
    )
    budget_year = models.PositiveSmallIntegerField(_("năm ngân sách"))
    due_date = models.DateField(_("hạn gửi"))
    receiver = models.ForeignKey(
        OrgUnit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("nơi nhận (bộ phận tài chính)"),
    )
    submitted_at = models.DateTimeField(_("đã gửi lúc"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("hạn gửi dự toán kinh phí")
        verbose_name_plural = _("hạn gửi dự toán kinh phí")
        ordering = ["due_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["org_unit", "budget_year"], name="budgetdue_unique")
        ]

    def __str__(self) -> str:
        return f"{self.budget_year}: {self.due_date:%d/%m/%Y}"

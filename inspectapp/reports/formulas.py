"""The arithmetic of the roll-up: rates, scores, the composite unit score, the window index, rankings
and changes. Pure functions over plain values — no database, no Flask — unit-tested by hand.

Every formula that a bulletin or dashboard shows is written out in `COMPOSITE_FORMULA` and
`WINDOW_INDEX_FORMULA` with the configured weights, so the page prints what was computed.
"""
from dataclasses import dataclass
from dataclasses import field

#: Scores of levels 1…5 on the published 10/8/6/3/0 scale (domain.md §1.2).
LEVEL_SCORES = {1: 0, 2: 3, 3: 6, 4: 8, 5: 10}


def rate(part, whole):
    """Percentage 0–100, or None when there is nothing to divide by."""
    return 100.0 * part / whole if whole else None


@dataclass
class RatingFigures:
    """Ratings of one window, unit, hall or scope in a period. `levels[i]` counts counted ratings of
    level i+1 (valid and not excluded); held, excluded and rejected ratings are counted apart."""

    levels: list = field(default_factory=lambda: [0] * 5)
    held: int = 0
    excluded: int = 0
    rejected: int = 0
    positive_includes_basic: bool = True

    @classmethod
    def of(cls, counts, positive_includes_basic=True):
        """From a rollup tuple (l1, l2, l3, l4, l5, held, excluded, rejected)."""
        return cls(list(counts[:5]), counts[5], counts[6], counts[7], positive_includes_basic)

    def add(self, other):
        self.levels = [a + b for a, b in zip(self.levels, other.levels)]
        self.held += other.held
        self.excluded += other.excluded
        self.rejected += other.rejected
        return self

    @property
    def counted(self):
        return sum(self.levels)

    @property
    def positive(self):
        """好评: levels 5 and 4, and 3 (基本满意) unless configured otherwise."""
        return self.levels[4] + self.levels[3] + (self.levels[2] if self.positive_includes_basic else 0)

    @property
    def negative(self):
        """差评: levels 2 and 1."""
        return self.levels[1] + self.levels[0]

    @property
    def score_sum(self):
        return sum(LEVEL_SCORES[i + 1] * n for i, n in enumerate(self.levels))

    @property
    def positive_rate(self):
        return rate(self.positive, self.counted)

    @property
    def negative_rate(self):
        return rate(self.negative, self.counted)

    @property
    def average_score(self):
        """平均分 on the 10-point scale, or None without counted ratings."""
        return self.score_sum / self.counted if self.counted else None


@dataclass
class ComplaintFigures:
    """差评 tickets opened in a period. Appeals upheld leave the denominators; pending appeals stay."""

    opened: int = 0
    upheld: int = 0
    pending_appeal: int = 0
    #: 立行立改 / 限期整改 completed / 解释说明: the ticket reached 已处理 or later.
    rectified: int = 0
    closed: int = 0
    called_back: int = 0
    called_back_on_time: int = 0
    #: Overdue on the day judged (workcal.due_window: the 回访 deadline until the callback, then
    #: the closing deadline).
    overdue: int = 0

    def add(self, other):
        for name in self.__dataclass_fields__:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self

    @property
    def due(self):
        """差评 to be handled: opened minus those an upheld appeal took out."""
        return self.opened - self.upheld

    @property
    def rectification_rate(self):
        """差评整改率 = rectified ÷ due."""
        return rate(self.rectified, self.due)

    @property
    def callback_rate(self):
        """回访率 (within the 回访 deadline) = called back on time ÷ due."""
        return rate(self.called_back_on_time, self.due)


@dataclass(frozen=True)
class Weights:
    """Configurable weights (any positive numbers; they are normalised over the parts available)."""

    evaluation: float = 40
    complaint: float = 20
    inspection: float = 30
    rectification: float = 10
    yellow_card_penalty: float = 2
    red_card_penalty: float = 5
    index_evaluation: float = 60
    index_inspection: float = 40
    #: Window index: how many ratings at the scope's average every window starts with.
    index_prior_ratings: float = 10

    @classmethod
    def from_config(cls, mapping):
        known = {k: float(v) for k, v in (mapping or {}).items() if k in cls.__dataclass_fields__}
        weights = cls(**known)
        if any(v < 0 for v in known.values()):
            raise ValueError("report weights must not be negative")
        return weights


def weighted(parts, weights):
    """Σ wₖ·Sₖ / Σ wₖ over the parts that are not None; None if none is available."""
    pairs = [(weights[k], v) for k, v in parts.items() if v is not None and weights.get(k)]
    total = sum(w for w, _ in pairs)
    return sum(w * v for w, v in pairs) / total if total else None


@dataclass
class Composite:
    score: float | None
    parts: dict  # name -> 0–100 or None
    penalty: float = 0


def composite_parts(ratings, complaints, inspection_score, rectification_rate):
    """The four 0–100 parts of a unit's composite score (None: not applicable this period).

    * evaluation: 平均分 × 10;
    * complaint: (差评整改率 + 按时回访率) ÷ 2; 100 when the unit had ratings but no 差评 to handle;
    * inspection: the unit's average 暗访 score (None when not inspected);
    * rectification: share of its 整改 cases verified on time (None without cases due).
    """
    average = ratings.average_score
    if complaints.due:
        handling = (complaints.rectification_rate + complaints.callback_rate) / 2
    else:
        handling = 100.0 if ratings.counted else None
    return {
        "evaluation": average * 10 if average is not None else None,
        "complaint": handling,
        "inspection": float(inspection_score) if inspection_score is not None else None,
        "rectification": rectification_rate,
    }


def composite_score(parts, weights, yellow_cards=0, red_cards=0):
    """综合得分 = Σ wₖ·Sₖ / Σ wₖ (available parts) − 黄牌 × p黄 − 红牌 × p红, floor 0."""
    base = weighted(parts, {k: getattr(weights, k) for k in parts})
    penalty = yellow_cards * weights.yellow_card_penalty + red_cards * weights.red_card_penalty
    score = None if base is None else max(0.0, base - penalty)
    return Composite(score=score, parts=parts, penalty=penalty)


def smoothed_rating_score(ratings, prior_average, prior_ratings):
    """10 × (Σ分值 + k·m) / (n + k): a window's average pulled toward the scope's average m by k
    imaginary ratings, so that three ratings do not make a window best or worst."""
    n = ratings.counted
    if n == 0 or prior_average is None:
        return None
    return 10 * (ratings.score_sum + prior_ratings * prior_average) / (n + prior_ratings)


def window_index(ratings, inspection_score, prior_average, weights):
    """窗口服务指数 = (w评·E + w查·I) / (w评 + w查) over the parts available, where E is the
    smoothed rating score (0–100) and I the window's average 暗访 score (0–100)."""
    parts = {"index_evaluation": smoothed_rating_score(ratings, prior_average, weights.index_prior_ratings),
             "index_inspection": float(inspection_score) if inspection_score is not None else None}
    return weighted(parts, {k: getattr(weights, k) for k in parts})


def ranks(values):
    """Competition ranks ("1224") for values where higher is better; None values get no rank.

    :param values: {key: value or None}; returns {key: rank or None}.
    """
    ordered = sorted((v for v in values.values() if v is not None), reverse=True)
    first_at = {}
    for i, v in enumerate(ordered, start=1):
        first_at.setdefault(v, i)
    return {k: (first_at[v] if v is not None else None) for k, v in values.items()}


def change(current, previous):
    """current − previous, or None when either is missing."""
    if current is None or previous is None:
        return None
    return current - previous


def mean(values):
    values = [v for v in values if v is not None]
    return sum(values) / len(values) if values else None


def formula_texts(weights):
    """The two formulas as printed on dashboards and in bulletins, with the configured weights."""
    w = weights
    composite = (f"综合得分 = （评价得分×{w.evaluation:g} + 差评处置得分×{w.complaint:g} + 暗访得分×{w.inspection:g}"
                 f" + 整改得分×{w.rectification:g}）÷ 参与计算的权重之和 − 黄牌数×{w.yellow_card_penalty:g}"
                 f" − 红牌数×{w.red_card_penalty:g}（最低0分）。评价得分 = 平均分×10；差评处置得分 =（差评整改率 +"
                 f" 按时回访率）÷2，无差评的为100；暗访得分 = 各次检查单位得分的平均值；整改得分 = 整改通知按期销号率；"
                 f"本期无数据的项目不参与计算。")
    index = (f"窗口服务指数 = （评价分×{w.index_evaluation:g} + 暗访分×{w.index_inspection:g}）÷ 参与计算的权重之和。"
             f"评价分 = 10 ×（本窗口评价分值之和 + {w.index_prior_ratings:g} × 全部窗口平均分）÷（本窗口有效评价数 +"
             f" {w.index_prior_ratings:g}）；暗访分 = 本窗口各次被检查得分的平均值；本期未被检查的只按评价分计算。")
    return composite, index

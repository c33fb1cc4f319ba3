"""Official documents in the state format (NĐ 30/2020): one dataclass model, two renderers."""

from .model import (
    QUOC_HIEU,
    TIEU_NGU,
    Bullet,
    Heading,
    Image,
    OfficialDocument,
    Paragraph,
    Signer,
    Table,
    place_date,
)

__all__ = [
    "QUOC_HIEU", "TIEU_NGU", "Bullet", "Heading", "Image", "OfficialDocument", "Paragraph",
    "Signer", "Table", "place_date",
]

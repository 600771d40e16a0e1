"""Roles are Django groups with these names (the demo and a data migration create them)."""

from django.utils.translation import gettext_lazy as _

OFFICE = "Văn phòng Tỉnh ủy"
LEADER = "Lãnh đạo"
CADRE = "Cán bộ"
CELL_SECRETARY = "Bí thư chi bộ"

ALL = (OFFICE, LEADER, CADRE, CELL_SECRETARY)

LABELS = {
    OFFICE: _("Provincial office"),
    LEADER: _("Leader"),
    CADRE: _("Cadre"),
    CELL_SECRETARY: _("Cell secretary"),
}

"""Filling fields from what a typed NIK says: sex, birth day and month, region.

Only fields the clerk has not typed into are filled: a field is free when it
is empty or still holds what an earlier NIK filled in (so correcting a typo in
the NIK corrects the pre-filled fields too). The birth year is never filled:
the NIK's two year digits cannot tell the century.
"""

from __future__ import annotations

from loket.intake import regions
from loket.intake.nik import NikPreview


def _free(prefilled: dict[str, str], name: str, current: str) -> bool:
    return current == "" or prefilled.get(name) == current


def prefill_from_nik(form, preview: NikPreview, prefilled: dict[str, str]) -> None:
    """Fill ``form``'s free fields from a complete NIK; ``prefilled`` remembers what was filled."""
    if preview.sex and _free(prefilled, "sex", form.choice("sex")):
        form.set_choice("sex", preview.sex)
        prefilled["sex"] = preview.sex
    if preview.day is not None and preview.month is not None:
        day_month = f"{preview.day:02d}-{preview.month:02d}-"
        if _free(prefilled, "birth_date", form.text("birth_date")):
            form.set_text("birth_date", day_month)
            prefilled["birth_date"] = day_month
    _prefill_region(form, preview, prefilled)


def _prefill_region(form, preview: NikPreview, prefilled: dict[str, str]) -> None:
    code = preview.region_code or ""
    if len(code) != 6 or not preview.region_known or not regions.is_current(code):
        return  # an old or unknown district code names no region of today's list
    levels = (("province", code[:2]), ("regency", code[:4]), ("district", code))
    pickers = {level: form.picker(level) for level, _code in levels}
    if pickers["province"].choice_count == 0:
        return  # the region list is still loading
    if not all(_free(prefilled, level, pickers[level].value) for level, _code in levels):
        return  # the clerk chose a region: the NIK's birth-place region does not override it
    # Set each level's choices here rather than waiting for the cascade, so the
    # level below can take its value at once.
    pickers["province"].set_value(code[:2])
    pickers["regency"].set_choices(regions.children(code[:2]))
    pickers["regency"].set_value(code[:4])
    pickers["district"].set_choices(regions.children(code[:4]))
    pickers["district"].set_value(code)
    form.picker("village").set_choices(regions.children(code))
    for level, value in levels:
        prefilled[level] = value

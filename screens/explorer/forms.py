"""The explorer's two dialogs: every load choice at once, and an insight note with its chart."""

from __future__ import annotations

from workshop_data.common.errors import ValidationError
from workshop_data.common.i18n import t

from .widgets import DECIMALS, DELIMITERS, ENCODINGS, THOUSANDS, chart_name, shown
from ..common.form import Field, FormScreen


def _int_field(values: dict, name: str) -> int | None:
    text = str(values.get(name) or "").strip()
    if text == "":
        return None
    if not text.isdigit():
        raise ValidationError(name, t("explorer.whole_number"))
    return int(text)


def choices_form(options, overrides: dict, sheets: list[str]) -> FormScreen:
    """Every load choice in one dialog; it closes with the new overrides (or {} to detect all)."""
    def select(name, values):
        return Field(name, t(f"explorer.choice.{name}"), kind="select",
                     value=getattr(options, name), options=[(shown(name, v), v) for v in values])

    fields = []
    if sheets:
        fields.append(Field("sheet", t("explorer.choice.sheet"), kind="select",
                            value=options.sheet or sheets[0], options=[(s, s) for s in sheets]))
    fields += [select("encoding", ENCODINGS), select("delimiter", DELIMITERS),
               select("decimal", DECIMALS), select("thousands", THOUSANDS)]
    for name in ("skip_top", "header_rows", "skip_bottom"):
        value = getattr(options, name)
        fields.append(Field(name, t(f"explorer.choice.{name}"),
                            value="" if value is None else str(value)))
    fields.append(Field("na_values", t("explorer.choice.na_values"),
                        value=" ".join(options.na_values or []),
                        placeholder=t("explorer.na_placeholder")))
    fields.append(Field("date_format", t("explorer.choice.date_format"),
                        value=options.date_format or "", placeholder="%d-%m-%Y"))
    fields.append(Field("detect", t("explorer.detect_again"), kind="check", value=False))
    for spec in fields:  # a value detected that is not in the list (latin-1, "'") stays choosable
        known = [v for _, v in spec.options]
        if spec.kind == "select" and spec.value is not None and spec.value not in known:
            spec.options.append((shown(spec.name, spec.value), spec.value))

    def save(values: dict) -> dict:
        if values.pop("detect"):
            return {}
        changed = dict(overrides)
        for name in ("skip_top", "header_rows", "skip_bottom"):
            values[name] = _int_field(values, name)
        values["na_values"] = str(values["na_values"] or "").split()
        values["date_format"] = str(values["date_format"] or "").strip()
        if values.get("decimal") and values.get("thousands") == values["decimal"]:
            raise ValidationError("thousands", t("explorer.same_marks"))
        for name, value in values.items():
            if value is not None and value != getattr(options, name):
                changed[name] = value
        return changed

    return FormScreen(t("explorer.choices_title"), fields, save)


def insight_form(store, dataset, chart_spec) -> FormScreen:
    """A note on what the data shows, by whom, in which atelier, with the chart on screen; it
    closes with the saved Insight."""
    from workshop_data.explorer.bookkeeping import add_insight, atelier_id

    def save(values: dict):
        keep = values.pop("keep_chart", False)
        return add_insight(store, dataset.id, values["text"], author_id=values["author_id"],
                           atelier_id=values["atelier_id"], chart=chart_spec if keep else None)

    people = [(p.name, p.id) for p in store.participants.list()]
    ateliers = [(t("explorer.atelier", number=a.number), a.id) for a in store.ateliers.list()]
    fields = [
        Field("text", t("explorer.insight_text"), placeholder=t("explorer.insight_placeholder")),
        Field("author_id", t("explorer.insight_author"), kind="select", value=None, options=people),
        Field("atelier_id", t("explorer.insight_atelier"), kind="select",
              value=atelier_id(store, 3), options=ateliers),
    ]
    if chart_spec is not None:
        fields.append(Field("keep_chart", t("explorer.keep_chart", chart=chart_name(chart_spec)),
                            kind="check", value=True))
    return FormScreen(t("explorer.insight_title", title=dataset.title), fields, save)

"""Small behaviour shared by models of several apps; no fields, so using one needs no migration."""

from django.utils.translation import get_language


class BilingualNameMixin:
    """`label`: the `name`, or in English the `name_en` when there is one."""

    name: str
    name_en: str

    @property
    def label(self) -> str:
        if (get_language() or "").startswith("en") and self.name_en:
            return self.name_en
        return self.name

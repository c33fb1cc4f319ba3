"""Form pieces shared by the apps: model choice fields whose choices are labelled by a function
given where the field is declared, and typed access to a form's model choice fields (whose
queryset each form narrows to what the user may pick)."""

from collections.abc import Callable
from typing import Any

from django import forms


class LabelledModelChoiceField(forms.ModelChoiceField):
    def __init__(self, *args: Any, label_of: Callable[[Any], str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_of = label_of

    def label_from_instance(self, obj: Any) -> str:
        return self.label_of(obj) if self.label_of else super().label_from_instance(obj)


class LabelledModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    def __init__(self, *args: Any, label_of: Callable[[Any], str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.label_of = label_of

    def label_from_instance(self, obj: Any) -> str:
        return self.label_of(obj) if self.label_of else super().label_from_instance(obj)


def model_choice(form: forms.BaseForm, name: str) -> forms.ModelChoiceField:
    """The form's field `name`, which must be a (multiple) model choice field."""
    field = form.fields[name]
    if not isinstance(field, forms.ModelChoiceField):
        raise TypeError(f"{type(form).__name__}.{name} is not a model choice field")
    return field

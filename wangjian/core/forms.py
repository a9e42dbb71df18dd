"""The sign-in form (Django's, with the failed-attempt limits of ``core.actions.signin``) and
the legal-basis choice field every app's forms use."""

import math

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.forms import AuthenticationForm
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wangjian.core.actions.signin import (
    client_address,
    record_sign_in_failure,
    sign_in_locked_until,
)


class SignInForm(AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("用户名或密码不正确。"),
        "locked": _(
            "登录失败次数过多，登录已暂停。请在 %(minutes)s 分钟后再试，或联系本单位系统管理员。"
        ),
    }

    def clean(self):
        username = self.cleaned_data.get("username")
        password = self.cleaned_data.get("password")
        if username is None or not password:
            return self.cleaned_data
        address = client_address(self.request)
        until = sign_in_locked_until(username=username, address=address)
        if until is not None:
            minutes = max(1, math.ceil((until - timezone.now()).total_seconds() / 60))
            raise forms.ValidationError(
                self.error_messages["locked"], code="locked", params={"minutes": minutes}
            )
        self.user_cache = authenticate(self.request, username=username, password=password)
        if self.user_cache is None:
            record_sign_in_failure(username=username, address=address)
            raise self.get_invalid_login_error()
        self.confirm_login_allowed(self.user_cache)
        return self.cleaned_data


def article_choices(*instrument_keys: str) -> list[tuple[str, str]]:
    """The catalogue's articles of these instruments (every instrument when none is named) as
    form choices: the key as the value, the article in words and the start of its text as the
    label."""
    from wangjian.core.models import LegalArticle

    articles = LegalArticle.objects.select_related("instrument")
    if instrument_keys:
        articles = articles.filter(instrument__key__in=instrument_keys)
    choices = []
    for article in sorted(articles, key=lambda a: (a.instrument.key, a.article, a.item or 0)):
        name = article.instrument.short_title or article.instrument.title
        summary = article.text.replace("\n", " ")
        summary = summary if len(summary) <= 40 else f"{summary[:40]}…"
        choices.append((article.key, f"《{name}》{article.label}：{summary}"))
    return choices


class ArticleChoiceField(forms.ChoiceField):
    """A legal basis picked from the catalogue's articles of the named instruments, never typed
    as a key; the choices are read when the form is built, so a reloaded catalogue shows."""

    def __init__(self, *, instruments: tuple[str, ...] = (), **kwargs):
        kwargs.setdefault("choices", lambda: [("", "——"), *article_choices(*instruments)])
        super().__init__(**kwargs)


class ArticleMultipleChoiceField(forms.MultipleChoiceField):
    """Several legal bases picked from the catalogue (see ``ArticleChoiceField``)."""

    def __init__(self, *, instruments: tuple[str, ...] = (), **kwargs):
        kwargs.setdefault("choices", lambda: article_choices(*instruments))
        super().__init__(**kwargs)

"""Project overrides of Django's locale formats (``FORMAT_MODULE_PATH``).

``<input type=date>`` accepts only ISO dates (YYYY-MM-DD) as its value, whatever language the
page is in; Django's Chinese formats would pre-fill "2026/12/07", which the browser rejects and
shows as an empty field. The first input format is the one widgets render, so it is ISO here;
the others stay accepted for typed input.
"""

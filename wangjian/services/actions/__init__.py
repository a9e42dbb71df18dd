"""Every change the services app makes: ``report`` (专用信用报告), ``idcode`` (市场主体身份码),
``merchant`` (信用修复 applications and 异议), ``gig`` (灵活就业人员登记)."""

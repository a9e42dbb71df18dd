# ISO first: it is what date inputs render (see wangjian/core/formats/__init__.py).
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%m/%d/%Y", "%m/%d/%y"]

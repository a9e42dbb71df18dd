from wangjian.cli import main

raise SystemExit(main())

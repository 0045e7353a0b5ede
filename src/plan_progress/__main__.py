import sys

from plan_progress.cli.main import main

sys.exit(main())

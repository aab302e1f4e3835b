"""``python -m office_app`` runs the ``office-app`` command."""

import sys

from office_app.cli import main

sys.exit(main())

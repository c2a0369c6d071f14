import sys

from mail_sync.classifier.corpus import main

raise SystemExit(main(sys.argv[1:]))

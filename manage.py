#!/usr/bin/env python
from binhdang.__main__ import main

if __name__ == "__main__":
    main()

"""Password hashing: Argon2id at OWASP's first recommended setting (docs/decisions/0331).

Django's PBKDF2 default (1,000,000 iterations of SHA-256) costs 0.5 s of one CPU core per
login here; in the deadline hour the login POST was 60% of the server's time. Argon2id with
19 MiB of memory, 2 passes and 1 lane (OWASP Password Storage Cheat Sheet) costs ≈ 50 ms and
is memory-hard, so a GPU gains far less against it than against PBKDF2. Hashes made with
other settings or by PBKDF2 still verify and are re-hashed with these at the next login.
"""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1

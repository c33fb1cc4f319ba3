"""A background job for the load test: records every execution, so that check.py can tell
that each queued job ran exactly once although two `binhdang db_worker` processes poll the
same queue. Importable by both workers and by run.sh (PYTHONPATH=bench/peak)."""

import os

from django_tasks import task


@task()
def tick(number: int) -> int:
    """Append "<number> <pid>" to $PEAK_JOB_LOG (one short O_APPEND write: atomic)."""
    line = f"{number} {os.getpid()}\n".encode()
    fd = os.open(os.environ["PEAK_JOB_LOG"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line)
    finally:
        os.close(fd)
    return number

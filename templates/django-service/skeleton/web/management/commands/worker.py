"""
The `worker` process: takes queued jobs from the database and does them, one at a time.
Several worker replicas can run at once; SKIP LOCKED (on PostgreSQL) hands each job to one of them.
"""
import logging
import signal
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from web.models import Job

log = logging.getLogger("worker")


class Command(BaseCommand):
    help = "Runs queued jobs until stopped (SIGTERM finishes the current job, then exits)."

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=2.0, help="seconds between polls of an empty queue")

    def handle(self, *args, interval, **options):
        self.stopping = False
        signal.signal(signal.SIGTERM, self.stop)
        log.info("worker started")
        while not self.stopping:
            if not self.run_one():
                time.sleep(interval)
        log.info("worker stopped")

    def stop(self, *_):
        self.stopping = True

    def run_one(self):
        with transaction.atomic():
            queued = Job.objects.filter(done_at=None)
            if connection.features.has_select_for_update_skip_locked:
                queued = queued.select_for_update(skip_locked=True)
            job = queued.first()
            if job is None:
                return False
            log.info("doing job %s (%s)", job.id, job.name)
            # Real work goes here: send an email, render a report, call an API...
            job.done_at = timezone.now()
            job.save(update_fields=["done_at"])
            return True

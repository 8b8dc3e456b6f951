from django.db import models


class Job(models.Model):
    """A unit of background work: the web process queues it, the worker process does it."""

    name = models.CharField(max_length=200)
    created_at = models.DateTimeField(auto_now_add=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at"]

from django.db import connection
from django.http import HttpResponse, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods

from .models import Job


def index(request):
    return JsonResponse(
        {
            "app": "${{ values.name }}",
            "message": "Hello from Django on Slipway!",
            "jobs": {"queued": Job.objects.filter(done_at=None).count(), "done": Job.objects.exclude(done_at=None).count()},
        }
    )


def healthz(request):
    """Readiness: the process is up and reaches its database."""
    connection.ensure_connection()
    return HttpResponse("ok\n", content_type="text/plain")


@csrf_exempt
@require_http_methods(["POST"])
def jobs(request):
    """Queues a job for the worker process: `curl -X POST <url>/jobs?name=report`."""
    job = Job.objects.create(name=request.GET.get("name", "job")[:200])
    return JsonResponse({"id": job.id, "name": job.name}, status=201)

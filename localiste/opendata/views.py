"""The open data page, and the files themselves when Django serves them (SERVE_OPENDATA)."""

from django.conf import settings
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe
from django.views.static import serve

from localiste.opendata.selectors import opendata_catalogue


@require_safe
def index(request):
    """The export files of the published makers: format, rows, size, date, licence."""
    return render(request, "opendata/index.html", {"catalogue": opendata_catalogue()})


@require_safe
def export_file(request, path):
    """An export file, as the reverse proxy would serve it; never the lock or a file being
    written (their names start with a dot)."""
    if path.startswith(".") or "/" in path:
        raise Http404("No such file")
    return serve(request, path, document_root=settings.OPENDATA_DIR)

from django.apps import AppConfig


class MakersConfig(AppConfig):
    name = "localiste.makers"
    label = "makers"

    def ready(self) -> None:
        from localiste.makers import receivers  # noqa: F401 (connects the signal receivers)
        from localiste.makers.selectors import documents
        from localiste.search.registry import register_source

        register_source(
            documents.SOURCE, documents.maker_documents_count, documents.maker_documents_iter
        )

from django.apps import AppConfig


class MakersConfig(AppConfig):
    name = "localiste.makers"
    label = "makers"

    def ready(self) -> None:
        from localiste.makers import search_documents
        from localiste.search.registry import register_source

        register_source(
            search_documents.SOURCE,
            search_documents.maker_documents_count,
            search_documents.maker_documents_iter,
        )

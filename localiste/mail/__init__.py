"""The outbox: every mail the site sends is stored first, then delivered by the task worker."""

"""Merging categories, in the categories' admin: "Merge into another category…".

The catalog's admin manages the tree but cannot move makers (it sits below them), so the
merge is added here, to the same admin: an action on the list (one category at a time) and a
link on each category's page lead to a page where the operator picks the target, sees how many
makers, products and sub-categories will move, and confirms. The work is the makers' service
`category_merge`.
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from localiste.catalog.admin import CategoryAdmin
from localiste.catalog.models import Category
from localiste.catalog.services import category_subtree_ids
from localiste.makers.services.category_merge import category_merge, category_merge_plan


class CategoryChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, category: Category) -> str:
        names = [category.name]
        parent = category.parent
        while parent is not None:
            names.insert(0, parent.name)
            parent = parent.parent
        return " › ".join(names)


class CategoryMergeForm(forms.Form):
    target = CategoryChoiceField(
        label=gettext_lazy("Merge into"),
        queryset=Category.objects.none(),
        help_text=gettext_lazy(
            "Its makers, products and sub-categories move to this category, and its address "
            "leads there."
        ),
    )

    def __init__(self, *args, source: Category, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["target"].queryset = (
            Category.objects.exclude(pk__in=category_subtree_ids(source))
            .select_related("parent__parent")
            .order_by("name_fr")
        )


class CategoryMergeAdmin(CategoryAdmin):
    actions = ["merge_into"]
    change_form_template = "moderation/admin/category_change_form.html"

    def get_urls(self):
        merge = path(
            "<path:object_id>/merge/",
            self.admin_site.admin_view(self.merge_view),
            name="catalog_category_merge",
        )
        return [merge, *super().get_urls()]

    def has_merge_permission(self, request, obj=None) -> bool:
        # The source is deleted and the target changed: both rights are needed. (An action's
        # `permissions` are alternatives, so the pair is checked here, as "merge".)
        return self.has_change_permission(request, obj) and self.has_delete_permission(request, obj)

    @admin.action(description=gettext_lazy("Merge into another category…"), permissions=["merge"])
    def merge_into(self, request, queryset):
        chosen = list(queryset[:2])
        if len(chosen) != 1:
            self.message_user(
                request, _("Choose one category to merge at a time."), messages.WARNING
            )
            return None
        return HttpResponseRedirect(reverse("admin:catalog_category_merge", args=[chosen[0].pk]))

    def merge_view(self, request, object_id):
        source = self.get_object(request, unquote(object_id))
        if source is None:
            raise Http404(_("There is no such category."))
        if not self.has_merge_permission(request, source):
            raise PermissionDenied
        form = CategoryMergeForm(request.POST or None, source=source)
        plan, status = None, 200
        if request.method == "POST" and form.is_valid():
            target = form.cleaned_data["target"]
            try:
                if "confirm" in request.POST:
                    plan = category_merge(source=source, target=target, actor=request.user)
                    return self._merged(request, plan)
                plan = category_merge_plan(source=source, target=target)
            except ValidationError as error:
                form.add_error("target", error)
        if form.errors:
            status = 400
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Merge “%(name)s” into another category") % {"name": source},
            "source": source,
            "form": form,
            "plan": plan,
        }
        return TemplateResponse(
            request, "moderation/admin/category_merge.html", context, status=status
        )

    def _merged(self, request, plan):
        moved = ngettext("%(count)d maker moved", "%(count)d makers moved", plan.makers) % {
            "count": plan.makers
        }
        self.message_user(
            request,
            _("“%(source)s” was merged into “%(target)s” (%(moved)s); its address leads there.")
            % {"source": plan.source, "target": plan.target, "moved": moved},
            messages.SUCCESS,
        )
        return HttpResponseRedirect(reverse("admin:catalog_category_change", args=[plan.target.pk]))


admin.site.unregister(Category)
admin.site.register(Category, CategoryMergeAdmin)

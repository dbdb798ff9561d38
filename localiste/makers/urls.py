app_name = "makers"
urlpatterns = []

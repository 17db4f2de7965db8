from django.core.management.base import BaseCommand

from cases.demo import load_demo


class Command(BaseCommand):
    help = "Load the demo case (Serikzhan Bilash, 2019). Safe to run again: it changes nothing the second time."

    def handle(self, *args, **options) -> None:
        case = load_demo()
        self.stdout.write(self.style.SUCCESS(f"Demo case ready: {case.title} ({case.slug})"))

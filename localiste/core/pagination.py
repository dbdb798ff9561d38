"""What a page of results says about its neighbours, for the pagination links."""


class PageWindow:
    """For dataclasses with `number` (1-based) and `num_pages`: the pagination template's API."""

    number: int
    num_pages: int

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def has_next(self) -> bool:
        return self.number < self.num_pages

    @property
    def previous_page_number(self) -> int:
        return self.number - 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def page_numbers(self) -> list[int | None]:
        """The pages to offer as links: first, last, and two around the current one.

        None marks a gap ("…").
        """
        wanted = {1, self.num_pages, *range(self.number - 2, self.number + 3)}
        numbers: list[int | None] = []
        for number in sorted(n for n in wanted if 1 <= n <= self.num_pages):
            if numbers and number - numbers[-1] > 1:
                numbers.append(None)
            numbers.append(number)
        return numbers

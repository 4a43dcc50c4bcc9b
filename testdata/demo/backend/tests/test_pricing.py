from shop.services import pricing


def test_quote_adds_shipping_below_threshold():
    assert pricing.quote([{"price_cents": 1000, "quantity": 1}])["shipping"] == "4.90 EUR"

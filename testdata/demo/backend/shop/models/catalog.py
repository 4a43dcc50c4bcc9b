from shop.extensions import db
from shop.utils.money import Money

order_tags = db.Table(
    "order_tags",
    db.Column("order_id", db.Integer, db.ForeignKey("orders.id")),
    db.Column("tag", db.String(40)),
)


class Category(db.Model):
    __tablename__ = "categories"

    id = db.Column(db.Integer, primary_key=True)
    slug = db.Column(db.String(80), unique=True)
    products = db.relationship("Product", back_populates="category")


class Product(db.Model):
    __tablename__ = "products"

    id = db.Column(db.Integer, primary_key=True)
    sku = db.Column(db.String(40), unique=True)
    title = db.Column(db.String(200), nullable=False)
    price_cents = db.Column(db.Integer, nullable=False)
    category_id = db.Column(db.Integer, db.ForeignKey("categories.id"))
    category = db.relationship("Category", back_populates="products")

    @property
    def price(self):
        return Money(self.price_cents)

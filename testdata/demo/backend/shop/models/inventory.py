from shop.extensions import db


class StockLevel(db.Model):
    __tablename__ = "inventory"

    product_id = db.Column(db.Integer, db.ForeignKey("products.id"), primary_key=True)
    warehouse = db.Column(db.String(20), primary_key=True)
    on_hand = db.Column(db.Integer, default=0)
    reserved = db.Column(db.Integer, default=0)

    @property
    def available(self):
        return max(self.on_hand - self.reserved, 0)

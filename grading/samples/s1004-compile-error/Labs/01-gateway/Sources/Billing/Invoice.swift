/// One invoice of the billing service.
public struct Invoice: Codable, Sendable, Equatable {
    public var id: Int64
    public var customer: String
    /// The amount in cents, so that money is never a floating-point number.
    public var amountCents: Int64
    public var email: String
    /// The URL the service notifies about the invoice, if any.
    public var callbackURL: String?

    public init(id: Int64, customer: String, amountCents: Int64, email: String, callbackURL: String?) {
        self.id = id
        self.customer = customer
        self.amountCents = amountCents
        self.email = email
        self.callbackURL = callbackURL
    }

    enum CodingKeys: String, CodingKey {
        case id
        case customer
        case amountCents = "amount_cents"
        case email
        case callbackURL = "callback_url"
    }
}

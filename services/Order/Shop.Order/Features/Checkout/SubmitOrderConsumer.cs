using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using Shop.Catalog.Contracts.Messages;
using Shop.Messaging.Outbox;
using Shop.Order.Contracts.Messages;
using Shop.Order.Diagnostics;
using Shop.Order.Domain;
using Shop.Order.Features.Shared;
using Shop.Order.Persistence;

namespace Shop.Order.Features.Checkout;

/// <summary>
/// Answers the cart's <see cref="SubmitOrder"/> request (queue <c>order-submit-order</c>). A new checkout
/// inserts the order and stages, in the same transaction, <see cref="OrderSubmitted"/> (published) and
/// <see cref="ReserveStock"/> (sent to the catalog); the answer is <see cref="OrderAccepted"/> with
/// <c>Created = true</c>. A checkout seen before, whether retried later or racing itself, gets the existing order's id
/// with <c>Created = false</c> and changes nothing. A request that breaks the rules, or whose order id belongs to a
/// different checkout, gets <see cref="OrderRejected"/>; nothing is created.
/// </summary>
/// <remarks>
/// Not an inbox consumer: the checkout's own key (buyer, idempotency key) makes it idempotent, and unlike an inbox
/// skip it answers every copy, so a requester whose first answer was lost still gets one.
/// </remarks>
internal sealed class SubmitOrderConsumer(
    OrderDbContext db,
    IOutbox outbox,
    OrderMetrics metrics,
    TimeProvider time,
    ILogger<SubmitOrderConsumer> logger) : IConsumer<SubmitOrder>
{
    public async Task Consume(ConsumeContext<SubmitOrder> context)
    {
        var command = context.Message;
        var errors = SubmitOrderValidator.Validate(command);
        if (errors.Count > 0)
        {
            await RejectAsync(context, RejectionReasons.Invalid, "The order request breaks the order rules; see errors.", errors);
            return;
        }

        Submission submission;
        try
        {
            submission = await SubmitAsync(context, context.CancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // The lock in SubmitAsync serialises copies of one checkout, so only another checkout can get here: one that
            // inserted this order id under a different buyer or key at the same moment. Its row now decides the answer.
            db.ChangeTracker.Clear();
            submission = await FindCheckoutAsync(command, context.CancellationToken)
                ?? throw new InvalidOperationException($"Order {command.OrderId} violated a unique key, yet no order holds it.", ex);
        }

        if (submission.Created)
        {
            metrics.OrderSubmitted();
            logger.OrderSubmitted(submission.OrderId, command.BuyerId, command.Lines.Count, command.Lines.Sum(l => l.UnitPrice * l.Quantity));
        }
        else if (!submission.SameCheckout)
        {
            await RejectAsync(context, RejectionReasons.Conflict,
                $"Order id {command.OrderId} already belongs to a different checkout.", new Dictionary<string, string[]>());
            return;
        }
        else
        {
            logger.OrderAlreadySubmitted(submission.OrderId, command.BuyerId);
        }
        await context.RespondAsync(new OrderAccepted(submission.OrderId, submission.Created));
    }

    private Task<Submission> SubmitAsync(ConsumeContext<SubmitOrder> context, CancellationToken cancellationToken)
    {
        var command = context.Message;
        return db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
        {
            // A retried attempt must not see entities tracked by the attempt that failed.
            db.ChangeTracker.Clear();
            await using var transaction = await db.Database.BeginTransactionAsync(ct);

            // Copies of one checkout (a double click, a client retry racing the first request) queue up here until the
            // first commits, then find its order below: the unique index never has to turn one of them away with an error.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({CheckoutLockKey(command)})", ct);
            if (await FindCheckoutAsync(command, ct) is { } existing)
            {
                await transaction.CommitAsync(ct);
                return existing;
            }

            var order = Domain.Order.Submit(
                command.OrderId,
                command.BuyerId,
                command.IdempotencyKey,
                command.Lines.Select(line => new OrderItem(line.ProductId, line.Name, line.UnitPrice, line.Quantity)),
                time.GetUtcNow());
            db.Orders.Add(order);
            outbox.Publish(db, OrderRecords.Submitted(order), correlationId: order.Id, conversationId: context.ConversationId);
            outbox.Send(db,
                new ReserveStock(order.Id, [.. order.Lines.Select(line => new StockItem(line.ProductId, line.Quantity))]),
                Destinations.CatalogReserveStock,
                correlationId: order.Id,
                conversationId: context.ConversationId);
            await db.SaveChangesAsync(ct);
            await transaction.CommitAsync(ct);
            return new Submission(order.Id, Created: true, SameCheckout: true);
        }, cancellationToken);
    }

    /// <summary>
    /// The order this request is a copy of (same buyer and key), else an order that already holds its id, else null.
    /// </summary>
    private async Task<Submission?> FindCheckoutAsync(SubmitOrder command, CancellationToken cancellationToken)
    {
        var matches = await db.Orders
            .AsNoTracking()
            .Where(o => (o.BuyerId == command.BuyerId && o.IdempotencyKey == command.IdempotencyKey) || o.Id == command.OrderId)
            .Select(o => new { o.Id, o.BuyerId, o.IdempotencyKey })
            .ToListAsync(cancellationToken);
        var same = matches.FirstOrDefault(o => o.BuyerId == command.BuyerId && o.IdempotencyKey == command.IdempotencyKey);
        if (same is not null)
        {
            return new Submission(same.Id, Created: false, SameCheckout: true);
        }
        return matches.Count > 0 ? new Submission(command.OrderId, Created: false, SameCheckout: false) : null;
    }

    private async Task RejectAsync(
        ConsumeContext<SubmitOrder> context, string reason, string detail, IReadOnlyDictionary<string, string[]> errors)
    {
        metrics.OrderRejected(reason);
        logger.SubmissionRejected(context.Message.OrderId, reason, detail);
        await context.RespondAsync(new OrderRejected(context.Message.OrderId, reason, detail, errors));
    }

    /// <summary>
    /// A 64-bit advisory lock key for the checkout (buyer, idempotency key). Two different checkouts that happen to share
    /// a key only wait for each other briefly; correctness still rests on the unique index.
    /// </summary>
    private static long CheckoutLockKey(SubmitOrder command)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(Encoding.UTF8.GetBytes($"order-checkout\n{command.BuyerId}\n{command.IdempotencyKey}"), hash);
        return BinaryPrimitives.ReadInt64BigEndian(hash);
    }

    /// <param name="OrderId">The order the answer names.</param>
    /// <param name="Created">This request created it.</param>
    /// <param name="SameCheckout">False when the order id belongs to another buyer or key: a conflict.</param>
    private sealed record Submission(Guid OrderId, bool Created, bool SameCheckout);
}

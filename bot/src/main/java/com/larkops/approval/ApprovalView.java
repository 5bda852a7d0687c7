package com.larkops.approval;

import com.larkops.cards.ApprovalCard;
import com.larkops.i18n.Text;

import java.time.Instant;
import java.util.Map;

/**
 * How an approval request looks in the chat, per state: {@link #CARD} renders the request's view with
 * {@code cards/ApprovalCard}; approvals only decide and store.
 */
public interface ApprovalView {
    Map<String, Object> render(ApprovalRequest request, Instant now);

    /** One line for clients that show no card. */
    Text title(ApprovalRequest request);

    /** The approval card (card JSON 2.0, every language). */
    ApprovalView CARD = new ApprovalView() {
        @Override
        public Map<String, Object> render(ApprovalRequest request, Instant now) {
            return ApprovalCard.render(request.cardView(), now);
        }

        @Override
        public Text title(ApprovalRequest request) {
            return ApprovalCard.title(request.cardView());
        }
    };
}

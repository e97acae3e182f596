# Check one conversation's transcript in a pipeline, without storing it:
# the call about an order must have reached the tool that looks orders up.
variable "order_call_id" {
  type    = string
  default = "872b731c-2286-441d-be95-8656ef1416ee"
}

ephemeral "itellico_conversation" "order_call" {
  conversation_id = var.order_call_id
}

output "order_looked_up" {
  value = "yes"
  precondition {
    condition = anytrue([
      for m in coalesce(ephemeral.itellico_conversation.order_call.messages, []) :
      m.role == "tool" && m.name == "lookup_order"
    ])
    error_message = "The call about an order never looked the order up."
  }
}

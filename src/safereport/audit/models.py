"""Tables of the audit log: leaves, perfect-subtree nodes and signed checkpoints (append-only,
enforced by database triggers), and the results of verification runs."""

from django.db import models

from safereport.audit.fields import RowidIntegerField


class Leaf(models.Model):
    """One event: its canonical JSON bytes and their RFC 9162 leaf hash, at position `index`."""

    # The index is the key: two leaves can never share one, and appends take max + 1 under a lock.
    # On SQLite it is the rowid, so verification reads the leaves in one B-tree, in order.
    index = RowidIntegerField(primary_key=True)
    data = models.BinaryField()
    hash = models.BinaryField(max_length=32)
    time = models.DateTimeField()

    class Meta:
        db_table = "audit_leaf"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(index__gte=0), name="audit_leaf_index_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"audit leaf {self.index}"


class TreeNode(models.Model):
    """An interior perfect subtree: the 2**level leaves from index * 2**level, and its hash.

    Level 0 (the leaves) lives in `Leaf`; levels 1 and up are stored once completed, so appending
    and proving read O(log n) rows instead of rehashing the tree.
    """

    # The position is the key: one B-tree serves both uniqueness and the O(log n) lookups.
    pk = models.CompositePrimaryKey("level", "index")
    level = models.PositiveSmallIntegerField()
    index = models.BigIntegerField()
    hash = models.BinaryField(max_length=32)

    class Meta:
        db_table = "audit_tree_node"
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, index__gte=0),
                name="audit_tree_node_interior",
            ),
        ]

    def __str__(self) -> str:
        return f"audit tree node level {self.level} index {self.index}"


class Checkpoint(models.Model):
    """The log's signed commitment to its first `size` leaves (a C2SP signed note)."""

    size = models.BigIntegerField(unique=True)
    root = models.BinaryField(max_length=32)
    note = models.TextField()
    created = models.DateTimeField()

    class Meta:
        db_table = "audit_checkpoint"

    def __str__(self) -> str:
        return f"audit checkpoint at size {self.size}"


class Verification(models.Model):
    """The outcome of one full verification of the log (`audit verify`)."""

    time = models.DateTimeField()
    size = models.BigIntegerField()
    ok = models.BooleanField()
    message = models.TextField()

    class Meta:
        db_table = "audit_verification"

    def __str__(self) -> str:
        return f"audit verification at {self.time:%Y-%m-%d %H:%M}: {'ok' if self.ok else 'FAILED'}"


class EventIndex(models.Model):
    """What the inspectors' event browser filters on, copied from each event as it is appended
    (`storage._insert`): its action and the acting organisation, with its time. Derived: the
    leaf stays the record, and the browser shows the leaf's own bytes."""

    index = models.BigIntegerField(primary_key=True)
    action = models.CharField(max_length=80)
    organisation = models.CharField(max_length=80)  # the actor's organisation code; "" for none
    time = models.DateTimeField()

    class Meta:
        db_table = "audit_event_index"
        indexes = [
            models.Index(fields=["action", "index"], name="audit_event_by_action"),
            models.Index(fields=["organisation", "index"], name="audit_event_by_organisation"),
            models.Index(fields=["time"], name="audit_event_by_time"),
        ]

    def __str__(self) -> str:
        return f"{self.index} {self.action}"


class WitnessCosignature(models.Model):
    """An outside witness's cosignature (C2SP tlog-cosignature v1) on one of the log's checkpoint
    bodies: its statement that, at `time`, this was the largest consistent tree it had seen.
    Append-only like the log: verification fails if the log is ever shorter or disagrees."""

    witness = models.CharField(max_length=200)  # the witness key's name
    size = models.BigIntegerField()
    root = models.BinaryField(max_length=32)
    body = models.TextField()  # the checkpoint body cosigned, which the line's signature covers
    line = models.TextField()  # the signature line, without its newline
    time = models.DateTimeField()  # the cosignature's own timestamp
    received = models.DateTimeField()

    class Meta:
        db_table = "audit_witness_cosignature"
        constraints = [
            models.UniqueConstraint(fields=["witness", "size"], name="audit_cosignature_once"),
        ]

    def __str__(self) -> str:
        return f"cosignature by {self.witness} at size {self.size}"

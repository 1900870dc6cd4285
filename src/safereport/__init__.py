"""Safe Reporting: decides, enforces and proves what police may share with IE about victims."""

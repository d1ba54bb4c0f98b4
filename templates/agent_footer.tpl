{{%AUTOESCAPE context="HTML"}}
</main>
<footer class="site-footer">
<div class="wrap"><p>[[Créneau — espace du personnel des mairies. Chaque action est enregistrée dans le journal.]]</p></div>
</footer>
</body>
</html>

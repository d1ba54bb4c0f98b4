{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>[[Demande annulée]]</h1>
<p class="notice" role="status">[[Votre demande n'a pas été confirmée et elle est maintenant annulée : l'horaire est de nouveau libre et vous pouvez prendre un autre rendez-vous.]]</p>
<p><a class="button" href="/">[[Prendre un autre rendez-vous]]</a></p>
{{>FOOTER}}

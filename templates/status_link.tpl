{{%AUTOESCAPE context="HTML"}}
{{>HEADER}}
<h1>{{PAGE_TITLE}}</h1>
{{#CONFIRM_FORM}}<p>[[Confirmez que vous souhaitez recevoir par courriel les avis sur l'état du service Créneau.]]</p>
<form action="/statut/confirmer" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="t" value="{{TOKEN}}">
<p class="actions"><button type="submit" class="button">[[Confirmer mon abonnement]]</button></p>
</form>{{/CONFIRM_FORM}}
{{#CONFIRMED}}<p class="notice" role="status">[[Votre abonnement est confirmé. Chaque avis contiendra un lien pour vous désabonner.]]</p>{{/CONFIRMED}}
{{#UNSUB_FORM}}<p>[[Vous ne recevrez plus les avis sur l'état du service Créneau à cette adresse.]]</p>
<form action="/statut/desabonner" method="post">
<input type="hidden" name="csrf" value="{{CSRF}}">
<input type="hidden" name="a" value="{{WHO}}">
<input type="hidden" name="m" value="{{MAC}}">
<p class="actions"><button type="submit" class="button">[[Me désabonner]]</button></p>
</form>{{/UNSUB_FORM}}
{{#UNSUBSCRIBED}}<p class="notice" role="status">[[C'est fait : vous ne recevrez plus ces avis.]]</p>{{/UNSUBSCRIBED}}
<p><a href="/statut">[[Voir l'état du service]]</a></p>
{{>FOOTER}}
